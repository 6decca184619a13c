/**
 * Actions that read stored data itself (object contents, parameter and secret values), so that on
 * `Resource: "*"` one identity can copy out everything the account stores. The first five are
 * Cloudsplaining's data-exfiltration list; the others return the same data by another call.
 * test/rules/no-data-exfiltration.test.ts checks every entry against the IAM data.
 */
export interface ExfiltrationAction {
  /** `service:Action` as the IAM data spells it. */
  action: string;
  /** How a suggestion tells the user to scope it. */
  scope: string;
  source: string;
}

const CLOUDSPLAINING = 'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md';

export const EXFILTRATION_ACTIONS: readonly ExfiltrationAction[] = [
  { action: 's3:GetObject', scope: 'a bucket prefix', source: CLOUDSPLAINING },
  { action: 'ssm:GetParameter', scope: 'a parameter path', source: CLOUDSPLAINING },
  { action: 'ssm:GetParameters', scope: 'a parameter path', source: CLOUDSPLAINING },
  { action: 'ssm:GetParametersByPath', scope: 'a parameter path', source: CLOUDSPLAINING },
  { action: 'secretsmanager:GetSecretValue', scope: 'the secret ARNs', source: CLOUDSPLAINING },
  { action: 's3:GetObjectVersion', scope: 'a bucket prefix', source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html' },
  { action: 'ssm:GetParameterHistory', scope: 'a parameter path', source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameterHistory.html' },
];
