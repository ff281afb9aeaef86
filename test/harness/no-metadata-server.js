// Google client libraries probe 169.254.169.254 to find credentials and a project unless told not
// to; no traffic may leave the machine, so every test process starts with detection off.
process.env.METADATA_SERVER_DETECTION = 'none';
process.env.GOOGLE_CLOUD_PROJECT = process.env.GOOGLE_CLOUD_PROJECT || 'test-project';
