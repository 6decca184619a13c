/** What an `AWS` principal value names. */
export type AwsPrincipalKind = 'account' | 'user' | 'role' | 'session' | 'wildcard' | 'other';

const ACCOUNT_ID = /^(\d{12}|\$\{AWS::AccountId\}|\$\{[^}]*Account[^}]*\})$/i;

export function classifyAwsPrincipal(value: string): AwsPrincipalKind {
  if (value === '*') return 'wildcard';
  if (ACCOUNT_ID.test(value)) return 'account';
  // `${AWS::Partition}` and `${AWS::AccountId}` (CloudFormation placeholders) hold colons: mask them first.
  const m = /^arn:[^:]+:(iam|sts)::[^:]*:(.*)$/.exec(value.replace(/\$\{[^}]*\}/g, (p) => p.replaceAll(':', '_')));
  if (!m) return 'other';
  const [, service, rest = ''] = m;
  if (service === 'iam' && rest === 'root') return 'account';
  if (service === 'iam' && rest.startsWith('user/')) return 'user';
  if (service === 'iam' && rest.startsWith('role/')) return 'role';
  if (service === 'sts') return 'session';
  return 'other';
}
