import { describe, expect, it } from 'vitest';
import { holderLabel } from '../../src/policy/queries.js';

describe('holderLabel', () => {
  it.each([
    ['AWS::IAM::Policy', 'BuildPolicy', 'AWS::IAM::Policy "BuildPolicy"'],
    ['aws_iam_role_policy', 'aws_iam_role_policy.worker', 'aws_iam_role_policy.worker'],
    ['aws_iam_role_policy', 'module.app.aws_iam_role_policy.worker', 'module.app.aws_iam_role_policy.worker'],
    ['aws_iam_role_policy', 'module.app.aws_iam_role_policy.worker["a"]', 'module.app.aws_iam_role_policy.worker["a"]'],
    // Another type's address is named with the type it was declared as.
    ['aws_iam_role', 'aws_iam_role_policy.worker', 'aws_iam_role "aws_iam_role_policy.worker"'],
  ])('%s %s', (type, name, label) => expect(holderLabel(type, name)).toBe(label));
});
