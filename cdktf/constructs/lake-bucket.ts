import { Construct } from 'constructs';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';

/** Settings of a private bucket. */
export interface PrivateBucketProps {
  readonly name: string;
  readonly location: string;
  /** Move `raw/` objects to Nearline after this many days; unset means no storage-class rule. */
  readonly rawNearlineAfterDays?: number;
  /** Keep overwritten versions (the lake); a rerun's overwrite can then be undone for this long. */
  readonly versioning: boolean;
  /** Delete noncurrent versions this many days after they were replaced. */
  readonly noncurrentRetentionDays: number;
}

/**
 * A bucket nobody outside the project can read: uniform bucket-level access (no object ACLs) and
 * public access prevention enforced, so no IAM or ACL mistake can publish it. For the lake it adds
 * versioning and lifecycle: raw payloads move to Nearline after N days (they are re-read only by
 * replays), and replaced versions are deleted after a retention window instead of piling up.
 */
export class PrivateBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const rules = [
      ...(props.rawNearlineAfterDays === undefined
        ? []
        : [
            {
              condition: {
                age: props.rawNearlineAfterDays,
                matchesPrefix: ['raw/'],
                matchesStorageClass: ['STANDARD'],
              },
              action: { type: 'SetStorageClass', storageClass: 'NEARLINE' },
            },
          ]),
      {
        condition: { daysSinceNoncurrentTime: props.noncurrentRetentionDays, withState: 'ARCHIVED' },
        action: { type: 'Delete' },
      },
    ];
    this.bucket = new StorageBucket(this, 'bucket', {
      name: props.name,
      location: props.location.toUpperCase(),
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: props.versioning },
      lifecycleRule: rules,
      forceDestroy: false,
      labels: { app: 'market-data' },
    });
  }
}
