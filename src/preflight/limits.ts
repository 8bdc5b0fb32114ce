// The figures the checks use; the README documents them.

/**
 * The most bytes read from the start of each object (a ranged GET). 1 MiB holds thousands of rows,
 * enough to catch a wrong format or type, while a folder's sample stays at most 10 MiB and a run
 * stays fast on a slow link; it is well under the 4 MiB the issue allows.
 */
export const READ_CAP_BYTES = 1024 * 1024

/** How many objects of a folder are read (the first ones in ListObjectsV2 order). */
export const SAMPLE_FILES = 10

// The docs say "GB"; reading it as GiB refuses only what is over the limit either way.
const GiB = 1024 ** 3
/** Data per import job (Personalize quotas; both can be raised on request). */
export const SIZE_LIMIT_BYTES = { FULL: 100 * GiB, INCREMENTAL: 1 * GiB } as const

export const ID_MAX_CHARS = 256
export const CATEGORICAL_MAX_CHARS = 1000

/** Findings of one kind (rule and column) listed per file; the rest are counted. */
export const MAX_FINDINGS_PER_KIND = 3
/** Row findings listed per file, all kinds together; the rest are counted. */
export const MAX_ROW_FINDINGS_PER_FILE = 10

/** Characters of a data value quoted in a message. */
export const QUOTE_MAX_CHARS = 80
