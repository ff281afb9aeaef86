export { IngestError, ConfigError, StorageError, isRetriable, type IngestErrorOptions } from './ingest-error';
export { HttpError, AuthError, NetworkError, isRetriableStatus } from './http-error';
