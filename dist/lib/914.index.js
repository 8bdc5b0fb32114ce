export const id = 914;
export const ids = [914];
export const modules = {

/***/ 5914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPreflight: () => (/* binding */ runPreflight)
});

;// CONCATENATED MODULE: ./src/preflight/access.ts
/** The permission each call needs. */
const PERMISSION = {
    HeadObject: 's3:GetObject',
    GetObject: 's3:GetObject',
    ListObjectsV2: 's3:ListBucket',
    DescribeDataset: 'personalize:DescribeDataset',
    DescribeSchema: 'personalize:DescribeSchema'
};
const UNREACHABLE = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ECONNRESET',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'TimeoutError',
    'RequestTimeout'
]);
/**
 * One sentence: which call failed and why, naming the permission when one is missing.
 * `what` names the resource (the object, the folder or the dataset).
 */
function whyReadFailed(call, error, what) {
    const e = (error ?? {});
    const code = e.code && UNREACHABLE.has(e.code) ? e.code : (e.name ?? 'Error');
    const message = (e.message ?? String(error)).trim();
    const s3 = call !== 'DescribeDataset' && call !== 'DescribeSchema';
    const denied = /AccessDenied|Forbidden|^403$/.test(code) || (s3 && e.$metadata?.httpStatusCode === 403);
    if (denied && s3 && /kms/i.test(message)) {
        return `${call} on ${what} was refused: the credentials may not decrypt the object's KMS key (kms:Decrypt). Grant kms:Decrypt on the bucket's key to the role of configure-aws-credentials.`;
    }
    if (denied) {
        // Without s3:ListBucket, S3 answers 403 rather than 404 for a key that does not exist.
        const missing = call === 'HeadObject'
            ? ' (or the key does not exist and s3:ListBucket is not granted either)'
            : '';
        return `${call} on ${what} was refused (${code}): the credentials lack ${PERMISSION[call]}${missing}. Grant it to the role of configure-aws-credentials${s3 ? ', and check the bucket policy' : ''}.`;
    }
    if (UNREACHABLE.has(code)) {
        return `${call} on ${what} failed: ${s3 ? 'S3' : 'Personalize'} could not be reached (${code}). Check ${s3 ? 's3-endpoint-url' : 'endpoint-url'} and the runner's network or proxy.`;
    }
    if (code === 'CredentialsProviderError') {
        return `${call} on ${what} failed: no AWS credentials were found.`;
    }
    return `${call} on ${what} failed: ${code}: ${message}`;
}

;// CONCATENATED MODULE: ./src/preflight/file.ts
/** The header against the schema, then the sampled rows against the field types. */
function checkFile(input) {
    throw new Error('not yet: ' + input.file);
}
/** A folder's sampled files all have the header of the first. */
function checkSameHeader(files) {
    throw new Error('not yet: ' + files.length);
}

;// CONCATENATED MODULE: ./src/preflight/limits.ts
// The figures the checks use; the README documents them.
/**
 * The most bytes read from the start of each object (a ranged GET). 1 MiB holds thousands of rows,
 * enough to catch a wrong format or type, while a folder's sample stays at most 10 MiB and a run
 * stays fast on a slow link; it is well under the 4 MiB the issue allows.
 */
const READ_CAP_BYTES = 1024 * 1024;
/** How many objects of a folder are read (the first ones in ListObjectsV2 order). */
const SAMPLE_FILES = 10;
// The docs say "GB"; reading it as GiB refuses only what is over the limit either way.
const GiB = 1024 ** 3;
/** Data per import job (Personalize quotas; both can be raised on request). */
const SIZE_LIMIT_BYTES = { FULL: 100 * GiB, INCREMENTAL: 1 * GiB };
const ID_MAX_CHARS = 256;
const CATEGORICAL_MAX_CHARS = 1000;
/** Findings of one kind (rule and column) listed per file; the rest are counted. */
const MAX_FINDINGS_PER_KIND = 3;
/** Row findings listed per file, all kinds together; the rest are counted. */
const MAX_ROW_FINDINGS_PER_FILE = 10;
/** Characters of a data value quoted in a message. */
const QUOTE_MAX_CHARS = 80;

;// CONCATENATED MODULE: ./src/preflight/location.ts
/** What was found at the data location: something there, nothing empty, within the size limit. */
function checkLocation(input) {
    throw new Error('not yet: ' + input.location);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-personalize/dist-es/commands/DescribeDatasetCommand.js
var DescribeDatasetCommand = __webpack_require__(5582);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-personalize/dist-es/commands/DescribeSchemaCommand.js
var DescribeSchemaCommand = __webpack_require__(2571);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/S3Client.js + 9 modules
var S3Client = __webpack_require__(8897);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/HeadObjectCommand.js
var HeadObjectCommand = __webpack_require__(7076);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectsV2Command.js
var ListObjectsV2Command = __webpack_require__(9693);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetObjectCommand.js
var GetObjectCommand = __webpack_require__(40);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/preflight/read.ts
// What the pre-flight checks read: the objects at the data location (HeadObject or a bounded
// ListObjectsV2), the start of each sampled file (a ranged GetObject, never the whole object), and
// the dataset's schema (DescribeDataset, then DescribeSchema). I/O only; the checks are pure and
// live beside it. This module pulls in @aws-sdk/client-s3, so it is imported only when the checks
// run (src/preflight/index.ts): a run with preflight: off never loads it.



/** At most this many ListObjectsV2 pages (1000 keys each) are read for a folder. */
const MAX_LIST_PAGES = 10;
/**
 * The S3 client for the checks. It shares the Personalize client's request handler, so the
 * ca-bundle, the timeouts and the proxy are the same by construction.
 */
function createS3Client(personalize, settings, endpoint) {
    return new S3Client/* S3Client */.Y({
        region: settings.region,
        endpoint,
        // S3-compatible servers and test servers answer on one host, not bucket.host.
        forcePathStyle: endpoint !== undefined,
        followRegionRedirects: true,
        customUserAgent: [[version/* ACTION_NAME */.p, version/* ACTION_VERSION */.Y]],
        retryMode: 'standard',
        maxAttempts: 3,
        requestHandler: personalize.config.requestHandler
    });
}
/** s3://bucket/key or s3://bucket/folder/ into its parts; undefined for any other form. */
function parseS3Url(location) {
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(location.trim());
    return m ? { bucket: m[1], key: m[2] } : undefined;
}
const uri = (bucket, key) => `s3://${bucket}/${key}`;
/** The object a key names (none when it does not exist), or the objects under a folder. */
async function listLocation(s3, bucket, key, signal) {
    if (!key.endsWith('/') && key !== '') {
        try {
            const head = await s3.send(new HeadObjectCommand/* HeadObjectCommand */.l({ Bucket: bucket, Key: key }), {
                abortSignal: signal
            });
            return {
                objects: [{ uri: uri(bucket, key), size: head.ContentLength ?? 0 }],
                truncated: false
            };
        }
        catch (error) {
            if (isNotFound(error))
                return { objects: [], truncated: false };
            throw new ReadError('HeadObject', error);
        }
    }
    const objects = [];
    let token;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
        let answer;
        try {
            answer = await s3.send(new ListObjectsV2Command/* ListObjectsV2Command */.u({ Bucket: bucket, Prefix: key, ContinuationToken: token }), { abortSignal: signal });
        }
        catch (error) {
            if (isNoSuchBucket(error))
                return { objects: [], truncated: false };
            throw new ReadError('ListObjectsV2', error);
        }
        for (const o of answer.Contents ?? [])
            if (o.Key && !o.Key.endsWith('/'))
                objects.push({ uri: uri(bucket, o.Key), size: o.Size ?? 0 });
        token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
        if (!token)
            return { objects, truncated: false };
    }
    return { objects, truncated: true };
}
/**
 * The first `cap` bytes of an object, by a ranged GET. A server that ignores the range and sends
 * the whole object is cut off at the cap: the rest is never read.
 */
async function readStart(s3, object, cap, signal) {
    const { bucket, key } = parseS3Url(object);
    let body;
    try {
        const answer = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key, Range: `bytes=0-${cap - 1}` }), { abortSignal: signal });
        body = answer.Body;
    }
    catch (error) {
        throw new ReadError('GetObject', error);
    }
    const chunks = [];
    let length = 0;
    try {
        for await (const chunk of body) {
            chunks.push(chunk);
            length += chunk.length;
            if (length >= cap)
                break;
        }
    }
    catch (error) {
        throw new ReadError('GetObject', error);
    }
    finally {
        body.destroy();
    }
    return new Uint8Array(Buffer.concat(chunks).subarray(0, cap));
}
/** DescribeDataset for the schema's ARN, then DescribeSchema for the schema itself. */
async function readSchema(personalize, datasetArn, signal) {
    let dataset;
    try {
        dataset = (await personalize.send(new DescribeDatasetCommand/* DescribeDatasetCommand */.z({ datasetArn }), { abortSignal: signal })).dataset;
    }
    catch (error) {
        throw new ReadError('DescribeDataset', error);
    }
    const schemaArn = dataset?.schemaArn;
    if (!schemaArn)
        throw new ReadError('DescribeDataset', new Error('DescribeDataset answered without a schemaArn.'));
    let schema;
    try {
        schema = (await personalize.send(new DescribeSchemaCommand/* DescribeSchemaCommand */.u({ schemaArn }), { abortSignal: signal })).schema?.schema;
    }
    catch (error) {
        throw new ReadError('DescribeSchema', error);
    }
    if (!schema)
        throw new ReadError('DescribeSchema', new Error('DescribeSchema answered without a schema.'));
    return { datasetType: dataset?.datasetType, schemaArn, schema };
}
/** A read that failed: which call, and the SDK's error (classified by ./access.ts). */
class ReadError extends Error {
    call;
    cause;
    constructor(call, cause) {
        super(`${call} failed: ${cause?.message ?? String(cause)}`);
        this.call = call;
        this.cause = cause;
        this.name = 'ReadError';
    }
}
const read_status = (error) => error?.$metadata?.httpStatusCode;
function isNotFound(error) {
    const name = error?.name;
    return (name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || read_status(error) === 404);
}
function isNoSuchBucket(error) {
    return error?.name === 'NoSuchBucket';
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/preflight/summarize.ts
/** The verdict: failed on any error; else incomplete when a check was skipped; else passed. */
function summarize(findings, ranChecks, skipped) {
    throw new Error('not yet: ' + findings.length + ranChecks.length + skipped.length);
}

;// CONCATENATED MODULE: ./src/preflight/report.ts
// What the user sees of the pre-flight checks: the preflight output, a log line per check, an
// annotation per problem (a few; the rest counted) and a job summary section.




/** Annotations of one level; the problems after these are counted in the last one. */
const MAX_ANNOTATIONS = 5;
/** Problems listed in the job summary; the rest are counted. */
const MAX_LISTED = 50;
const TITLE = {
    error: 'Pre-flight check failed',
    warning: 'Pre-flight check warning',
    skipped: 'Pre-flight check could not run'
};
const CHECK_LABEL = {
    location: 'Data location',
    schema: 'Dataset schema',
    header: 'CSV header',
    rows: 'Sampled rows',
    mode: 'Import mode'
};
/** Reports the checks; false when the import must not be created. */
async function reportPreflight(r) {
    const summary = summarize(r.findings, r.ran, r.skipped);
    const errors = r.findings.filter((f) => f.severity === 'error');
    const warnings = r.findings.filter((f) => f.severity === 'warning');
    const refused = summary.verdict === 'failed' || (r.mode === 'strict' && r.skipped.length > 0);
    core.setOutput('preflight', summary.verdict);
    if (r.found)
        core.info(r.found);
    for (const c of summary.checks)
        core.info(`Pre-flight ${CHECK_LABEL[c.check]}: ${resultText(c)}`);
    annotate('error', errors.map(report_text), TITLE.error);
    annotate('warning', warnings.map(report_text), TITLE.warning);
    const reasons = [...new Set(r.skipped.map((s) => s.reason))].map((why) => r.mode === 'strict'
        ? `${why}\nWith preflight: strict a check that cannot run fails the step. Grant the permission, or use preflight: auto to import without it.`
        : `${why}\nThe import goes ahead without this check (preflight: auto).`);
    annotate(r.mode === 'strict' ? 'error' : 'warning', reasons, TITLE.skipped);
    const ending = refused
        ? `No import job was created: fix the data${summary.verdict === 'failed' ? '' : ' or the permissions'} and run again, or set preflight: off to import it as it is.`
        : undefined;
    core.info(`Pre-flight data check ${summary.verdict} in ${(0,duration/* formatDuration */.a)(Math.round(r.seconds))}.${ending ? ` ${ending}` : ''}`);
    if (refused)
        process.exitCode = 1;
    await writeSection(r, summary, ending);
    return !refused;
}
/** At most MAX_ANNOTATIONS annotations; the last says how many more there are. */
function annotate(level, messages, title) {
    const shown = messages.slice(0, MAX_ANNOTATIONS);
    const more = messages.length - shown.length;
    shown.forEach((message, i) => {
        const tail = more > 0 && i === shown.length - 1
            ? `\n(${more} more ${more === 1 ? 'problem' : 'problems'} of this kind: see the job summary.)`
            : '';
        core[level](message + tail, { title });
    });
}
function report_text(f) {
    return f.message;
}
function resultText(c) {
    if (c.result === 'skipped')
        return `could not run: ${c.reason ?? ''}`;
    const counts = [
        c.errors ? `${c.errors} ${c.errors === 1 ? 'error' : 'errors'}` : '',
        c.warnings ? `${c.warnings} ${c.warnings === 1 ? 'warning' : 'warnings'}` : ''
    ].filter(Boolean);
    return counts.length ? `${c.result} (${counts.join(', ')})` : c.result;
}
const RESULT_ICON = {
    passed: '✅',
    warning: '⚠️',
    failed: '❌',
    skipped: '⏭️'
};
async function writeSection(r, summary, ending) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const section = core.summary.addHeading(`Pre-flight data check: ${summary.verdict}`, 3).addTable([
        [
            { data: 'Check', header: true },
            { data: 'Result', header: true }
        ],
        ...summary.checks.map((c) => [
            CHECK_LABEL[c.check],
            (0,report/* escapeHtml */.ZD)(`${RESULT_ICON[c.result]} ${resultText(c)}`)
        ])
    ]);
    const problems = [...r.findings.map(report_text), ...r.skipped.map((s) => s.reason)];
    const listed = problems.slice(0, MAX_LISTED).map(report/* escapeHtml */.ZD);
    if (problems.length > MAX_LISTED)
        listed.push(`and ${problems.length - MAX_LISTED} more`);
    if (listed.length)
        section.addList(listed);
    const notes = [r.found, ending].filter((n) => Boolean(n));
    for (const note of notes)
        section.addRaw(`<p>${(0,report/* escapeHtml */.ZD)(note)}</p>`, true);
    await section.write();
}

;// CONCATENATED MODULE: ./src/preflight/schema.ts
/** The fields of the Avro record in DescribeSchema's `schema` string. Throws on an invalid schema. */
function parseSchema(schemaJson) {
    throw new Error('not yet: ' + schemaJson.length);
}

;// CONCATENATED MODULE: ./src/preflight/run.ts







/** Runs the checks and reports them; false when the import must not be created. */
async function runPreflight(config, personalize, signal) {
    const started = Date.now();
    const outcome = await check(config, personalize, signal);
    return reportPreflight({
        ...outcome,
        mode: config.preflight.mode,
        location: config.request.dataSource.dataLocation,
        seconds: (Date.now() - started) / 1000
    });
}
async function check(config, personalize, signal) {
    const { request } = config;
    const location = request.dataSource.dataLocation;
    const importMode = request.importMode === 'INCREMENTAL' ? 'INCREMENTAL' : 'FULL';
    const findings = [];
    const ran = [];
    const skipped = [];
    const skip = (checks, reason) => skipped.push(...checks.map((c) => ({ check: c, reason })));
    const parts = parseS3Url(location);
    if (!parts) {
        skip(['location', 'header', 'rows'], `the data location ${location} is not an s3:// URL, so it cannot be read.`);
    }
    const s3 = parts && createS3Client(personalize, config.client, config.preflight.s3Endpoint);
    // The listing and the schema do not depend on each other: read both at once.
    const [listing, schema] = await Promise.all([
        s3 ? settle(listLocation(s3, parts.bucket, parts.key, signal)) : undefined,
        settle(readSchema(personalize, request.datasetArn, signal))
    ]);
    let sample = [];
    let found;
    if (listing && 'error' in listing) {
        skip(['location', 'header', 'rows'], reason(listing.error, location));
    }
    else if (listing) {
        const result = checkLocation({
            location,
            folder: location.endsWith('/'),
            objects: listing.value.objects,
            importMode
        });
        ran.push('location');
        findings.push(...result.findings, ...truncation(location, listing.value));
        sample = result.sample;
        found = result.summary;
    }
    let fields;
    let datasetType = '';
    if ('error' in schema) {
        skip(['schema', 'header', 'rows'], reason(schema.error, request.datasetArn));
    }
    else {
        try {
            fields = parseSchema(schema.value.schema);
            datasetType = schema.value.datasetType ?? datasetType;
            ran.push('schema');
        }
        catch (error) {
            skip(['schema', 'header', 'rows'], `the schema ${schema.value.schemaArn} could not be read: ${error.message}`);
        }
    }
    if (s3 && fields && sample.length) {
        const files = await Promise.all(sample.map(async (object) => ({
            object,
            read: await settle(readStart(s3, object.uri, READ_CAP_BYTES, signal))
        })));
        const headers = [];
        for (const { object, read } of files) {
            if ('error' in read) {
                skip(['header', 'rows'], reason(read.error, object.uri));
                continue;
            }
            const result = checkFile({
                file: object.uri,
                bytes: read.value,
                complete: object.size <= read.value.length,
                fields,
                datasetType
            });
            findings.push(...result.findings);
            if (result.skipped)
                skipped.push(result.skipped);
            else
                ran.push('header', 'rows');
            if (result.header)
                headers.push({ file: object.uri, header: result.header });
        }
        findings.push(...checkSameHeader(headers));
    }
    return { findings, ran: [...new Set(ran)], skipped: dedupe(skipped), found };
}
/** A folder with more keys than were listed: say the count and size are lower bounds. */
function truncation(location, listing) {
    if (!listing.truncated)
        return [];
    const listed = listing.objects.length;
    return [
        {
            severity: 'warning',
            check: 'location',
            message: `${location} holds more than the ${listed} objects listed (${MAX_LIST_PAGES} pages of ListObjectsV2): its count and total size are lower bounds, and the size limit was checked against them.`
        }
    ];
}
async function settle(promise) {
    try {
        return { value: await promise };
    }
    catch (error) {
        return { error };
    }
}
function reason(error, what) {
    if (error instanceof ReadError)
        return whyReadFailed(error.call, error.cause, what);
    throw error;
}
function dedupe(skipped) {
    const seen = new Set();
    return skipped.filter((s) => {
        const key = `${s.check}\n${s.reason}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}


/***/ })

};
