/**
 * The programs the deploy runs are installed: Terraform (or the binary TERRAFORM_BINARY_NAME names,
 * e.g. OpenTofu), which cdktf drives, and the Google Cloud CLI, which submits the image build.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable file called `name` on `path` (a PATH value), or undefined. */
export function findExecutable(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there or not executable: try the next directory.
    }
  }
  return undefined;
}

/** Where the deploy's programs are, undefined for a missing one. */
export interface Tools {
  readonly terraform: { readonly name: string; readonly path: string | undefined };
  readonly gcloud: string | undefined;
}

/** Looks both up on `path`. */
export function findTools(path: string, terraformBinary: string): Tools {
  return {
    terraform: { name: terraformBinary, path: findExecutable(terraformBinary, path) },
    gcloud: findExecutable('gcloud', path),
  };
}
