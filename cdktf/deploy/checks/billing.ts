/**
 * Billing is on (Cloud Billing v1 `projects/{id}/billingInfo`): without an open billing account
 * linked, every paid API (Cloud Functions, Cloud Run, Kafka, Cloud Build) refuses to be enabled.
 */
import type { GoogleEndpoints } from '../endpoints';
import type { Finding } from '../findings';
import { describeError, enableApiFix, googleErrorOf, type GoogleGet } from '../google-rest';

/** A blocker when billing is off; a warning when it cannot be read (the apply would tell). */
export async function checkBilling(get: GoogleGet, endpoints: GoogleEndpoints, projectId: string): Promise<Finding[]> {
  const answer = await get(`${endpoints.billing}/v1/projects/${encodeURIComponent(projectId)}/billingInfo`);
  if (answer.status === 200) {
    // proto3 JSON leaves false out: an absent billingEnabled means off.
    const body = (answer.body ?? {}) as { billingEnabled?: unknown; billingAccountName?: unknown };
    if (body.billingEnabled === true)
      return [
        {
          check: 'billing',
          severity: 'ok',
          message: `billing is enabled (${String(body.billingAccountName ?? 'account not shown')})`,
        },
      ];
    const linked = typeof body.billingAccountName === 'string' && body.billingAccountName !== '';
    return [
      {
        check: 'billing',
        severity: 'blocker',
        message: linked
          ? `billing is not enabled: the linked ${body.billingAccountName} is closed`
          : `billing is not enabled on ${projectId}: no billing account is linked`,
        fix: `gcloud billing accounts list; gcloud billing projects link ${projectId} --billing-account=<ACCOUNT_ID>`,
      },
    ];
  }
  const error = googleErrorOf(answer);
  return [
    {
      check: 'billing',
      severity: 'warning',
      message: `cannot read the billing state: ${describeError(error)}`,
      fix: enableApiFix(error) ?? `gcloud billing projects describe ${projectId}`,
    },
  ];
}
