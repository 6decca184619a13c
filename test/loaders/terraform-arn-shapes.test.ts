import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-wildcard-action.js';
import { lintWith } from '../helpers/lint.js';
import { loadText, policyAt } from './load.js';

/** A queue and its policy whose Resource is the queue's `arn`, with or without a literal name. */
const queueFile = (name: string) =>
  [
    'resource "aws_sqs_queue" "q" {',
    name,
    '}',
    '',
    'resource "aws_sqs_queue_policy" "q" {',
    '  queue_url = aws_sqs_queue.q.id',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Allow"',
    '      Principal = { AWS = "arn:aws:iam::111122223333:root" }',
    '      Action    = "sqs:*"',
    '      Resource  = aws_sqs_queue.q.arn',
    '    }]',
    '  })',
    '}',
    '',
  ].join('\n');

describe('Terraform ARN shapes are written as Terraform, not CloudFormation', () => {
  it('renders region and account as data source references, keeping the literal name', async () => {
    const { result } = await loadText(queueFile('  name = "q"'), 'main.tf');
    const resource = policyAt(result, 'aws_sqs_queue_policy.q.policy').statements[0]!.resource!.values;
    expect(resource.map((v) => v.value)).toEqual(['arn:aws:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:q']);
  });

  it('names an unset name by its attribute reference', async () => {
    const { result } = await loadText(queueFile(''), 'main.tf');
    const resource = policyAt(result, 'aws_sqs_queue_policy.q.policy').statements[0]!.resource!.values;
    expect(resource.map((v) => v.value)).toEqual(['arn:aws:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:${aws_sqs_queue.q.name}']);
  });

  it('shows no CloudFormation pseudo parameter in a Terraform user\'s suggestion', async () => {
    const findings = await lintWith(rule, queueFile('  name = "q"'), { filename: 'main.tf' });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.suggestion).toContain('For arn:aws:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:q, the read-only ones that apply are');
    expect(findings[0]?.suggestion).not.toContain('AWS::');
  });
});
