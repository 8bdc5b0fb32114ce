export const id = 376;
export const ids = [376];
export const modules = {

/***/ 9376:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkData: () => (/* binding */ checkData)
});

// EXTERNAL MODULE: ./src/aws/aws-errors.ts
var aws_errors = __webpack_require__(8098);
;// CONCATENATED MODULE: ./src/preflight/access.ts
// Why a read for the pre-flight checks failed, in words that name what to grant or fix. The
// step's credentials are not the service role, so a missing permission is expected and only
// skips a check (preflight: auto) or refuses the run (strict). The error's facts come from the one
// table every client shares (aws/aws-errors.ts). Pure.

/** The calls the checks make, and the permission each needs. */
const PERMISSION = {
    HeadObject: 's3:GetObject',
    GetObject: 's3:GetObject',
    ListObjectsV2: 's3:ListBucket',
    DescribeDataset: 'personalize:DescribeDataset',
    DescribeSchema: 'personalize:DescribeSchema',
    ListDatasetImportJobs: 'personalize:ListDatasetImportJobs'
};
const PERSONALIZE_CALLS = [
    'DescribeDataset',
    'DescribeSchema',
    'ListDatasetImportJobs'
];
/**
 * One sentence: which call failed and why, naming the permission when one is missing.
 * `what` names the resource (the object, the folder or the dataset).
 */
function whyReadFailed(call, error, what) {
    const { code, message, status, network, renewal } = (0,aws_errors/* errorFacts */.u2)(error);
    const s3 = !PERSONALIZE_CALLS.includes(call);
    const denied = /AccessDenied|Forbidden/.test(code) || (s3 && status === 403);
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
    if (network) {
        return `${call} on ${what} failed: ${s3 ? 'S3' : 'Personalize'} could not be reached (${code}). Check ${s3 ? 's3-endpoint-url' : 'endpoint-url'} and the runner's network or proxy.`;
    }
    if (code === 'ExpiredTokenException' || code === 'ExpiredToken') {
        return `${call} on ${what} failed: ${code}. ${(0,aws_errors/* expiredAdvice */.w6)(renewal)}`;
    }
    if (code === 'CredentialsProviderError') {
        return `${call} on ${what} failed: no AWS credentials were found.`;
    }
    return `${call} on ${what} failed: ${code}: ${message}`;
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: ./node_modules/csv-parse/lib/sync.js + 9 modules
var sync = __webpack_require__(5175);
;// CONCATENATED MODULE: ./src/preflight/csv.ts
// Reading CSV records with csv-parse, with the line numbers people see in an editor.

const NEWLINE = 0x0a;
/**
 * Calls onRecord for each record of the UTF-8 CSV in bytes, in order; returns the problem that
 * stopped the parser, if any (the records after it are not read: a broken quote garbles the rest).
 */
function readCsv(bytes, onRecord) {
    let offset = 0;
    let line = 1;
    try {
        (0,sync/* parse */.qg)(bytes, {
            // Counts are the checks' to report, byte-order marks too, so the parser keeps both.
            relax_column_count: true,
            bom: false,
            // A quote inside an unquoted value (5"3) is kept as text, as most CSV readers do.
            relax_quotes: true,
            on_record: (fields, context) => {
                // context.bytes is where this record, its line break included, ends.
                let newlines = 0;
                for (let i = offset; i < context.bytes; i++)
                    if (bytes[i] === NEWLINE)
                        newlines++;
                const terminated = bytes[context.bytes - 1] === NEWLINE;
                onRecord({ fields, line, breaks: newlines - (terminated ? 1 : 0), end: context.bytes });
                offset = context.bytes;
                line += newlines;
                return null;
            }
        });
    }
    catch (error) {
        if (!(error instanceof sync/* CsvError */.J$))
            throw error;
        return { code: error.code, line };
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/preflight/format.ts
var preflight_format = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/preflight/quote.ts
var quote = __webpack_require__(7775);
;// CONCATENATED MODULE: ./src/preflight/header.ts
// The header line against the dataset's schema. Pure.


const DELIMITERS = [
    ['\t', 'tabs'],
    [';', 'semicolons'],
    ['|', 'pipes']
];
/** The header's findings; `readable` is false when the rows cannot be told apart into columns. */
function checkHeader(input) {
    const { file, names, raw, bom, fields, datasetType } = input;
    const findings = [];
    const add = (rule, problem, fix) => findings.push((0,preflight_format/* finding */.gk)({ rule, file, line: 1, problem, fix }));
    if (names.length === 1 && names[0].trim() === '') {
        add('header.none', `${file}: the first line is empty; Personalize reads the column names from it.`, 'start the file with the header line: the column names, separated by commas.');
        return { findings, readable: false };
    }
    const delimiter = names.length === 1 && fields.length > 1 && DELIMITERS.find(([d]) => names[0].includes(d));
    if (delimiter) {
        add('header.delimiter', `${file}: the header ${(0,quote/* quote */.A)(names[0])} is separated by ${delimiter[1]}, not commas; Personalize reads comma-separated values only.`, 'save the file as CSV with commas between the values (in a spreadsheet: "CSV (comma delimited)").');
        return { findings, readable: false };
    }
    const quoted = names.filter((name) => raw.includes(`"${name}"`));
    if (quoted.length > 0) {
        add('header.quoted', `${file}: the header quotes its column names (${(0,preflight_format/* listQuoted */.x)(quoted)}); Personalize expects them unquoted.`, 'write the header line without quotes around the names.');
    }
    const duplicates = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
    if (duplicates.length > 0) {
        add('header.duplicate', `${file}: the header repeats the ${(0,preflight_format/* noun */.jB)(duplicates.length, 'column')} ${(0,preflight_format/* listQuoted */.x)(duplicates)}; which copy Personalize reads is not documented (the first is checked here).`, 'keep one column of each name.');
    }
    const known = new Set(fields.map((f) => f.name));
    // A field written another way ("user_id", " ITEM_ID"): the guide does not say whether
    // Personalize matches names exactly, so this is a warning with the rename, not a refusal.
    const renames = new Map();
    for (const { name } of fields) {
        const index = columnIndex(names, name);
        if (index >= 0 && names[index] !== name)
            renames.set(names[index], name);
    }
    // An unnamed column (pandas' index) is imported as nothing: recorded imports with one went ACTIVE.
    const extra = names.filter((name) => name.trim() !== '' && !known.has(name) && !renames.has(name));
    const missing = fields
        .filter((f) => !f.nullable && columnIndex(names, f.name) < 0)
        .map((f) => f.name);
    const first = fields.find((f) => !f.nullable && f.name === names[0]);
    if (bom && first) {
        add('header.bom', `${file} starts with a byte-order mark (EF BB BF) before the column ${first.name}; whether Personalize strips the mark is not documented, and if it does not, it fails the import with "Input CSV is missing the following columns: [${first.name}]".`, "save the file as UTF-8 without a byte-order mark: in pandas, encoding='utf-8' rather than 'utf-8-sig'; or sed -i '1s/^\\xEF\\xBB\\xBF//' file.csv.");
    }
    if (missing.length > 0) {
        add('header.missing', `${file}: Input CSV is missing the following columns: [${missing.join(', ')}]. The ${datasetType} dataset's schema requires ${missing.length === 1 ? 'it' : 'them'} (${missing.length === 1 ? 'its type is not a union' : 'their types are not unions'} with "null").`, `add the ${(0,preflight_format/* noun */.jB)(missing.length, 'column')} ${missing.join(', ')} to the header, with a value on every row.`);
    }
    if (renames.size > 0) {
        const written = [...renames.keys()];
        add('header.case', `${file}: the header writes ${[...renames].map(([w, name]) => `${(0,quote/* quote */.A)(w)} for ${name}`).join(', ')}; Personalize may not take ${written.length === 1 ? 'it for that column' : 'them for those columns'}, and would then fail the import with "Input CSV is missing the following columns".`, `${[...renames].map(([w, name]) => `rename ${(0,quote/* quote */.A)(w)} to ${name}`).join('; ')}.`);
    }
    if (extra.length > 0) {
        const one = extra.length === 1;
        add('header.extra', `${file}: the ${(0,preflight_format/* noun */.jB)(extra.length, 'column')} ${(0,preflight_format/* listQuoted */.x)(extra)} ${one ? 'is' : 'are'} not in the ${datasetType} dataset's schema, so Personalize does not import ${one ? 'it' : 'them'}.`, `remove ${one ? 'it' : 'them'}, or add ${one ? 'it' : 'them'} to the schema if ${one ? 'it is' : 'they are'} meant to be imported.`);
    }
    return { findings, readable: true };
}
/** Where the field's column is: its exact name, else its name in another case or with spaces. */
function columnIndex(names, name) {
    const exact = names.indexOf(name);
    return exact >= 0 ? exact : names.findIndex((n) => normal(n) === normal(name));
}
function normal(name) {
    return name.replace(/"/g, '').trim().toUpperCase();
}

;// CONCATENATED MODULE: ./src/preflight/magic.ts
// Data that is not CSV text, known by its first bytes whatever the object's name: what Athena
// UNLOAD, pandas' compression= and Spark write when asked for something else. Pure.
const UNCOMPRESSED = "write it uncompressed: in pandas, to_csv(path, compression=None) with a name that does not end in .gz, .zip, .bz2 or .zst; in Athena UNLOAD, WITH (format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE'); in Spark, option(\"compression\", \"none\"); or decompress the file before the upload.";
const TO_CSV = 'write CSV with a header line instead: in pandas, pd.read_parquet(path).to_csv(out, index=False); in Spark, df.write.option("header", True).csv(path); Athena UNLOAD writes no header line, so use a CTAS or pandas to add one.';
// Magic numbers: gzip (RFC 1952), zip (PKWARE APPNOTE), bzip2, zstd (RFC 8878), Parquet, ORC and
// Avro object container files (their specifications). `binary` asks for a control byte soon after
// a magic that is also text, so a CSV whose first column is named "ORCHARD" or "BZh" stays CSV.
const FORMATS = [
    { magic: [0x1f, 0x8b], binary: false, what: 'gzip-compressed', fix: UNCOMPRESSED },
    { magic: [0x50, 0x4b, 0x03, 0x04], binary: false, what: 'a zip archive', fix: UNCOMPRESSED },
    { magic: [0x28, 0xb5, 0x2f, 0xfd], binary: false, what: 'zstd-compressed', fix: UNCOMPRESSED },
    { magic: ascii('BZh'), binary: true, what: 'bzip2-compressed', fix: UNCOMPRESSED },
    { magic: ascii('PAR1'), binary: true, what: 'a Parquet file', fix: TO_CSV },
    { magic: ascii('ORC'), binary: true, what: 'an ORC file', fix: TO_CSV },
    { magic: [...ascii('Obj'), 0x01], binary: false, what: 'an Avro data file', fix: TO_CSV }
];
/** How far a text-like magic must be followed by a control byte to be taken as binary. */
const BINARY_WITHIN = 64;
/** What the bytes are when they are a compressed or columnar format, not CSV text. */
function notCsv(bytes) {
    const found = FORMATS.find((f) => f.magic.every((b, i) => bytes[i] === b) && (!f.binary || hasControl(bytes)));
    return found && { what: found.what, fix: found.fix };
}
function hasControl(bytes) {
    for (const b of bytes.subarray(0, BINARY_WITHIN))
        if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)
            return true;
    return false;
}
function ascii(text) {
    return [...text].map((c) => c.charCodeAt(0));
}

// EXTERNAL MODULE: ./src/preflight/limits.ts
var limits = __webpack_require__(5735);
// EXTERNAL MODULE: ./src/preflight/rules.ts
var rules = __webpack_require__(9060);
;// CONCATENATED MODULE: ./src/preflight/values.ts
// The rules for one value of a column against its schema field. Pure.


const TIMESTAMPS = new Set(['TIMESTAMP', 'CREATION_TIMESTAMP']);
const IDS = new Set(['USER_ID', 'ITEM_ID']);
// The fields the guide gives a meaning and a format of their own; any other field is metadata,
// where a recorded import shows blanks and values that do not parse going ACTIVE.
const RESERVED = new Set([
    ...TIMESTAMPS,
    ...IDS,
    'EVENT_TYPE',
    'EVENT_VALUE',
    'IMPRESSION',
    'RECOMMENDATION_ID',
    'EVENT_ATTRIBUTION_SOURCE'
]);
const WHOLE = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOATS = new Set(['NaN', 'Infinity', '+Infinity', '-Infinity']);
// An ISO 8601 date, or date and time with a zone: what Date.parse reads without guessing a zone.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const RANGES = {
    int: [-(2n ** 31n), 2n ** 31n - 1n],
    long: [-(2n ** 63n), 2n ** 63n - 1n]
};
const EXPECTED = {
    string: 'a string',
    int: 'an int (a whole number from -2147483648 to 2147483647)',
    long: 'a long (a whole number from -9223372036854775808 to 9223372036854775807)',
    float: 'a float (a number such as 4.5 or 1e-3)',
    double: 'a double (a number such as 4.5 or 1e-3)',
    boolean: 'a boolean (true or false)'
};
const WRITE = {
    string: 'write a string',
    int: 'write a whole number',
    long: 'write a whole number',
    float: 'write a number',
    double: 'write a number',
    boolean: 'write true or false'
};
const BOOLEAN_FIX = 'write true or false in lower case: in pandas, df[col].map({True: "true", False: "false"}) before to_csv; in csv-stringify, cast: { boolean: (v) => String(v) }.';
/** The first rule the value breaks, or undefined when it may be imported into the field. */
function judgeValue(field, value) {
    if (field.type === 'boolean' && !(value === '' && field.nullable))
        return judgeBoolean(value);
    if (value === '') {
        if (field.nullable)
            return undefined;
        const reserved = RESERVED.has(field.name);
        return {
            rule: reserved ? 'value.empty-reserved' : 'value.empty-metadata',
            problem: reserved
                ? `the value is empty, but ${field.name} needs one (its type ${field.type} is not a union with "null").`
                : `the value is empty, though the type ${field.type} is not a union with "null"; Personalize has imported such blanks in metadata, but the guide reserves them for nullable fields.`,
            fix: reserved
                ? `fill it in on every row.`
                : `fill it in, or make the field nullable (["null", "${field.type}"]) in the schema.`
        };
    }
    if (field.nullable && field.type !== 'string' && /^null$/i.test(value)) {
        return {
            rule: 'value.null-text',
            problem: `${(0,quote/* quote */.A)(value)} is text, not an empty value; Personalize may not read it as null.`,
            fix: 'leave the value empty where there is none.'
        };
    }
    if (TIMESTAMPS.has(field.name)) {
        const problem = judgeEpochSeconds(value);
        if (problem)
            return problem;
    }
    if (!fitsType(field.type, value)) {
        return (doubt(field.type, value) ?? {
            rule: 'value.type',
            problem: `${(0,quote/* quote */.A)(value)} is not ${EXPECTED[field.type]}; Personalize has imported such values in metadata, but what it makes of them is not documented.`,
            fix: `${WRITE[field.type]}${field.nullable ? ' or leave it empty' : ''}, or change the field's type in the schema.`
        });
    }
    const max = IDS.has(field.name)
        ? limits/* ID_MAX_CHARS */.NL
        : field.categorical
            ? limits/* CATEGORICAL_MAX_CHARS */.yI
            : undefined;
    // The guide counts characters: an emoji is one, though two UTF-16 units (value.length).
    if (max !== undefined && value.length > max && (0,quote/* characters */.h)(value) > max) {
        // The guide does not say whether the limit counts "a|b|c" whole or each category: only a
        // category over it is refused for sure.
        if (field.categorical &&
            !IDS.has(field.name) &&
            value.split('|').every((v) => v.length <= max)) {
            return {
                rule: 'value.categorical-total',
                problem: `${(0,quote/* quote */.A)(value)}: each category is at most ${max} characters, but Personalize may count the value whole (Length cannot be more than ${max} characters for ${field.name}).`,
                fix: `keep the categories of one value under ${max} characters together, e.g. by dropping the least useful ones.`
            };
        }
        return {
            rule: IDS.has(field.name) ? 'value.id-length' : 'value.categorical-length',
            problem: `${(0,quote/* quote */.A)(value)}. Length cannot be more than ${max} characters for ${field.name}.`,
            fix: `shorten the values to at most ${max} characters; a value this long is often text with an unquoted comma, or a record over several lines.`
        };
    }
    return undefined;
}
// The guide: "values true and false must be lower case in your data". pandas writes True/False,
// csv-stringify 1 and an empty string.
function judgeBoolean(value) {
    if (value === 'true' || value === 'false')
        return undefined;
    return {
        rule: 'value.boolean',
        problem: `${value === '' ? 'the value is empty' : `${(0,quote/* quote */.A)(value)} is not true or false`}; Personalize reads booleans written true and false, in lower case.`,
        fix: BOOLEAN_FIX
    };
}
// TIMESTAMP and CREATION_TIMESTAMP are Unix epoch seconds; milliseconds and dates are the usual
// mistakes. Spaces around the number are left to doubt().
function judgeEpochSeconds(value) {
    const number = value.trim();
    if (WHOLE.test(number)) {
        const digits = number.replace(/^[+-]/, '').length;
        // Up to 11 digits is seconds (until the year 5138); 12 to 14 digits is milliseconds.
        if (digits <= 11)
            return undefined;
        if (digits <= 14) {
            return {
                rule: 'value.epoch',
                problem: `${(0,quote/* quote */.A)(value)} looks like milliseconds; Personalize expects Unix epoch time in seconds.`,
                fix: `divide by 1000 (${number.slice(0, -3)}).`
            };
        }
    }
    else if (DECIMAL.test(number)) {
        const whole = Math.trunc(Number(number));
        return {
            rule: 'value.epoch-decimal',
            problem: `${(0,quote/* quote */.A)(value)} is not a whole number; the guide writes epoch seconds as whole numbers (881250949), and whether Personalize reads ${number.includes('.') ? 'a decimal point' : 'an exponent'} is not documented.`,
            fix: `write whole seconds (${whole}); in pandas, write the column as integers (astype("Int64")).`
        };
    }
    const seconds = ISO_WITH_ZONE.test(number) ? Date.parse(number) / 1000 : NaN;
    const example = Number.isFinite(seconds)
        ? `${(0,quote/* quote */.A)(value)} is ${Math.floor(seconds)}`
        : 'such as 1704067200 for 2024-01-01T00:00:00Z';
    return {
        rule: 'value.epoch',
        problem: `${(0,quote/* quote */.A)(value)} is not epoch time; Personalize expects Unix epoch time in seconds (${example}).`,
        fix: 'convert the dates to whole seconds since 1970-01-01T00:00:00Z.'
    };
}
/**
 * A value the guide neither allows nor forbids, though common exports write it: spaces around a
 * number ("a, b" files), a whole number with a decimal point (pandas writes 1995.0 for an int
 * column that has an empty cell).
 */
function doubt(type, value) {
    const trimmed = value.trim();
    if (trimmed !== value && trimmed !== '' && fitsType(type, trimmed)) {
        return {
            rule: 'value.spaces',
            problem: `${(0,quote/* quote */.A)(value)} has spaces around the value; Personalize may not read it as ${EXPECTED[type]}.`,
            fix: 'remove the spaces around the values (write "a,b", not "a, b").'
        };
    }
    const whole = /^([+-]?\d+)\.0*$/.exec(value)?.[1];
    if ((type === 'int' || type === 'long') && whole !== undefined && fitsType(type, whole)) {
        return {
            rule: 'value.decimal',
            problem: `${(0,quote/* quote */.A)(value)} is a whole number with a decimal point; Personalize may not read it as ${EXPECTED[type]}.`,
            fix: `write it without the decimal point (${whole}); in pandas, write the column as integers (astype("Int64")).`
        };
    }
    return undefined;
}
function fitsType(type, value) {
    switch (type) {
        case 'string':
            return true;
        case 'boolean':
            return value === 'true' || value === 'false';
        case 'float':
        case 'double':
            return DECIMAL.test(value) || SPECIAL_FLOATS.has(value);
        case 'int':
        case 'long': {
            // 20 characters hold any long; longer text is not one (and BigInt would be slow on it).
            if (value.length > 20 || !WHOLE.test(value))
                return false;
            const [min, max] = RANGES[type];
            const n = BigInt(value);
            return n >= min && n <= max;
        }
    }
}

;// CONCATENATED MODULE: ./src/preflight/file.ts
// One sampled file: its encoding and header against the schema, then its rows against the field
// types. Pure: works on the bytes read, never reads.









const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16_BOMS = [
    [0xff, 0xfe],
    [0xfe, 0xff]
];
const file_NEWLINE = 0x0a;
const REPLACEMENT = '\uFFFD';
// A read that stops inside a quoted value leaves that quote open. A legitimate record over a few
// lines is cut near the end; a quote left open for more lines than this is a stray quote.
const CUT_RECORD_MAX_LINES = 100;
/** The header against the schema, then the sampled rows against the field types. */
function checkFile({ file, bytes, complete, fields, datasetType }) {
    const findings = [];
    const add = (rule, problem, fix) => findings.push((0,preflight_format/* finding */.gk)({ rule, check: 'header', file, line: 1, problem, fix }));
    const format = notCsv(bytes);
    if (format) {
        add('file.not-csv', `${file} is ${format.what}: Personalize imports uncompressed CSV.`, format.fix);
        return { findings, rows: 0 };
    }
    const utf16 = UTF16_BOMS.find((bom) => startsWith(bytes, bom));
    if (utf16) {
        add('file.not-utf8', `${file} is UTF-16 text (it starts with the byte-order mark ${hex(utf16)}); Personalize reads UTF-8 only.`, 'save the file as UTF-8, without a byte-order mark.');
        return { findings, rows: 0 };
    }
    const bom = startsWith(bytes, UTF8_BOM);
    const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
    // The line the read cut is not judged.
    const end = complete ? body.length : body.lastIndexOf(file_NEWLINE) + 1;
    if (end === 0 && !complete) {
        const reason = `${file}: the first line is longer than the ${(0,preflight_format/* formatBytes */.z3)(bytes.length)} read, so its header and rows were not checked.`;
        return { findings, rows: 0, skipped: { check: 'header', reason } };
    }
    const judged = body.subarray(0, end);
    const utf8 = (0,external_node_buffer_.isUtf8)(judged);
    let notUtf8;
    let rows;
    let readable = true;
    const problem = readCsv(judged, (record) => {
        if (!utf8 && !notUtf8) {
            const value = record.fields.find((v) => v.includes(REPLACEMENT));
            if (value !== undefined)
                notUtf8 = { line: record.line, value };
        }
        if (rows) {
            if (readable)
                rows.judge(record);
            return;
        }
        const raw = Buffer.from(judged.subarray(0, record.end)).toString('utf8');
        const result = checkHeader({ file, names: record.fields, raw, bom, fields, datasetType });
        findings.push(...result.findings);
        readable = result.readable;
        rows = new Rows(file, record.fields, fields);
    });
    if (!rows) {
        if (!problem) {
            add('header.none', `${file} is empty: it has no header line.`, 'upload the data: a header line with the column names, then the rows.');
        }
    }
    else {
        findings.push(...rows.listed.findings());
    }
    if (problem && !isCut(problem, complete, judged)) {
        findings.push(csvError(file, problem, rows === undefined));
    }
    if (notUtf8) {
        findings.push((0,preflight_format/* finding */.gk)({
            rule: 'file.not-utf8',
            check: notUtf8.line === 1 ? 'header' : 'rows',
            file,
            line: notUtf8.line,
            value: notUtf8.value,
            problem: `${file} line ${notUtf8.line} is not UTF-8 text (${(0,quote/* quote */.A)(notUtf8.value)}); Personalize reads UTF-8 only.`,
            fix: 'save the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8.'
        }));
    }
    if (!rows)
        return { findings, rows: 0 };
    const { header, count } = rows;
    if (readable && count === 0 && !problem) {
        if (complete) {
            add('header.no-rows', `${file} has a header and no rows; whether Personalize fails an import of no rows is not documented.`, 'add the rows below the header, or remove the file.');
        }
        else {
            const reason = `${file}: no whole row in the first ${(0,preflight_format/* formatBytes */.z3)(bytes.length)}, so its rows were not checked.`;
            return { findings, header, rows: 0, skipped: { check: 'rows', reason } };
        }
    }
    return { findings, header, rows: count };
}
/** The data rows of one file against the header's width and the fields' types. */
class Rows {
    header;
    listed;
    /** Rows judged (empty lines are not rows). */
    count = 0;
    columns;
    constructor(file, header, fields) {
        this.header = header;
        this.listed = new Bounded(file);
        // A repeated column is reported by the header check; its first copy is judged, and so is a
        // column written in another case or with spaces (the header check warns of it).
        this.columns = fields.flatMap((f) => {
            const index = columnIndex(header, f.name);
            return index >= 0 ? [[f, index]] : [];
        });
    }
    judge({ fields: values, line, breaks }) {
        const { file } = this.listed;
        const add = (rule, kind, make) => this.listed.add(kind, rule, () => (0,preflight_format/* finding */.gk)({ rule, check: 'rows', file, line, ...make() }));
        if (breaks > 0) {
            add('rows.multiline', 'breaks', () => ({
                problem: `${file} line ${line}: the record spans ${breaks + 1} lines (a quoted value holds a line break); Personalize expects each record on one line.`,
                fix: 'replace the line breaks inside values with spaces.'
            }));
        }
        // A line of spaces looks empty in an editor too; the guide is silent on both, so a warning.
        if (values.length === 1 && values[0].trim() === '' && this.header.length > 1) {
            add('rows.blank', 'blank', () => ({
                problem: `${file} line ${line} is empty${values[0] ? ' (spaces only)' : ''}.`,
                fix: 'remove empty lines.'
            }));
            return;
        }
        this.count++;
        if (values.length !== this.header.length) {
            add('rows.count', 'count', () => ({
                problem: `${file} line ${line} has ${(0,preflight_format/* plural */.LS)(values.length, 'value')}; the header has ${this.header.length}.`,
                fix: 'give every row one value per column, and quote values that contain commas ("a, b").'
            }));
            return;
        }
        for (const [field, index] of this.columns) {
            const value = values[index];
            const broken = judgeValue(field, value);
            if (!broken)
                continue;
            add(broken.rule, `${broken.rule}:${field.name}`, () => ({
                column: field.name,
                value,
                problem: `${file} line ${line}, column ${field.name}: ${broken.problem}`,
                fix: broken.fix
            }));
        }
    }
}
/** A folder's sampled files all have the header of the first. */
function checkSameHeader(files) {
    const [first, ...others] = files;
    if (!first)
        return [];
    return others.flatMap((other) => {
        // A name in another case or with spaces is the same column here; the header check warns of it.
        const lacks = first.header.filter((name) => columnIndex(other.header, name) < 0);
        const adds = other.header.filter((name) => columnIndex(first.header, name) < 0);
        const base = { rule: 'header.folder-differs', file: other.file, line: 1 };
        if (lacks.length || adds.length) {
            const details = [
                ...(lacks.length ? [`it lacks ${(0,preflight_format/* listQuoted */.x)(lacks)}`] : []),
                ...(adds.length ? [`it adds ${(0,preflight_format/* listQuoted */.x)(adds)}`] : [])
            ];
            return [
                (0,preflight_format/* finding */.gk)({
                    ...base,
                    problem: `${other.file} does not have the header of ${first.file}: ${details.join(' and ')}. What Personalize makes of files with different headers in one folder is not documented.`,
                    fix: 'write every file of the folder with the same header line.'
                })
            ];
        }
        const written = other.header.filter((name) => !first.header.includes(name));
        if (written.length > 0) {
            return [
                (0,preflight_format/* finding */.gk)({
                    ...base,
                    problem: `${other.file} writes the ${(0,preflight_format/* noun */.jB)(written.length, 'column')} ${(0,preflight_format/* listQuoted */.x)(written)} otherwise than ${first.file}.`,
                    fix: 'write the column names the same way in every file of the folder.'
                })
            ];
        }
        if (other.header.join('\n') !== first.header.join('\n')) {
            return [
                (0,preflight_format/* finding */.gk)({
                    ...base,
                    problem: `${other.file} has the columns of ${first.file} in another order.`,
                    fix: 'write the columns in the same order in every file of the folder.'
                })
            ];
        }
        return [];
    });
}
// A record cut by the read ends in an open quote; see CUT_RECORD_MAX_LINES.
function isCut(problem, complete, judged) {
    if (complete || problem.code !== 'CSV_QUOTE_NOT_CLOSED')
        return false;
    let lines = 0;
    for (const byte of judged)
        if (byte === file_NEWLINE)
            lines++;
    return lines - problem.line < CUT_RECORD_MAX_LINES;
}
function csvError(file, { code, line }, inHeader) {
    const what = code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quote opens a value and is never closed'
        : `the record is not valid CSV (${code})`;
    return (0,preflight_format/* finding */.gk)({
        rule: 'rows.count',
        check: inHeader ? 'header' : 'rows',
        file,
        line,
        problem: `${file} line ${line}: ${what}, so the rest of the sample could not be read.`,
        fix: 'quote whole values only, and write a quote inside a quoted value as two quotes ("").'
    });
}
/** Row findings, at most a few of each kind and in all; the rest are only counted. */
class Bounded {
    file;
    shown = [];
    perKind = new Map();
    hidden = 0;
    hiddenErrors = 0;
    constructor(file) {
        this.file = file;
    }
    /** make builds the finding only when it is listed: a bad file has many more. */
    add(kind, rule, make) {
        const seen = this.perKind.get(kind) ?? 0;
        this.perKind.set(kind, seen + 1);
        if (seen < limits/* MAX_FINDINGS_PER_KIND */.Pw && this.shown.length < limits/* MAX_ROW_FINDINGS_PER_FILE */.mq) {
            this.shown.push(make());
            return;
        }
        this.hidden++;
        if ((0,rules/* severityOf */.xJ)(rule) === 'error')
            this.hiddenErrors++;
    }
    /** The listed findings, then one that counts the rest, if any were left out. */
    findings() {
        if (this.hidden === 0)
            return this.shown;
        const { file, hidden } = this;
        // Not a rule of its own: it counts the findings of the rules above, as severe as the worst.
        const fix = 'fix the ones listed and run again; the same fixes are likely to apply.';
        const rest = {
            severity: this.hiddenErrors ? 'error' : 'warning',
            check: 'rows',
            file,
            message: `${file}: ${(0,preflight_format/* plural */.LS)(hidden, 'more problem')} in the sampled rows ${hidden === 1 ? 'is' : 'are'} not listed. Fix: ${fix}`,
            fix
        };
        return [...this.shown, rest];
    }
}
function startsWith(bytes, prefix) {
    return prefix.every((b, i) => bytes[i] === b);
}
function hex(bytes) {
    return bytes.map((b) => b.toString(16).toUpperCase()).join(' ');
}

;// CONCATENATED MODULE: ./src/preflight/location.ts


const INVALID_LOCATION = 'Personalize would fail the import with "Invalid Data location."';
/**
 * What was found at the data location: something to import, nothing empty, no more data than one
 * import job of the mode takes. Also picks the objects whose start the header and row checks read:
 * data files of the folder's first level, never the side files data pipelines write beside them.
 */
function checkLocation({ location, folder, objects, importMode, regions }) {
    // A zero-byte key ending in "/" is the marker the S3 console creates for a folder, not data.
    const listed = objects.filter((o) => !(o.uri.endsWith('/') && o.size === 0));
    // "s3://bucket" is the bucket's top level, as "s3://bucket/" is.
    const base = location.endsWith('/') ? location : `${location}/`;
    const side = folder ? listed.filter((o) => isSideFile(base, o.uri)) : [];
    const nested = folder
        ? listed.filter((o) => !side.includes(o) && o.uri.slice(base.length).includes('/'))
        : [];
    const files = listed.filter((o) => !side.includes(o) && !nested.includes(o));
    const total = [...files, ...side].reduce((n, o) => n + o.size, 0);
    const summary = folder
        ? `${location}: ${(0,preflight_format/* plural */.LS)(files.length, 'object')}, ${(0,preflight_format/* formatBytes */.z3)(total)} in total.`
        : `${location}: ${files.length ? (0,preflight_format/* formatBytes */.z3)(total) : 'no object'}.`;
    const empty = files.filter((o) => o.size === 0);
    const sample = files.filter((o) => o.size > 0).slice(0, limits/* SAMPLE_FILES */.r_);
    const findings = [];
    const add = (rule, problem, fix) => findings.push((0,preflight_format/* finding */.gk)({ rule, file: location, problem, fix }));
    if (regions && regions.bucket !== regions.dataset) {
        add('location.region', `${location}: the bucket is in ${regions.bucket}, the dataset in ${regions.dataset}; the import job runs in ${regions.dataset}, and whether Personalize imports from a bucket in another region is not documented.`, `keep the data in a bucket in ${regions.dataset}, or create the dataset group in ${regions.bucket}.`);
    }
    if (listed.length === 0) {
        if (folder) {
            add('location.missing', `${location} holds no objects (ListObjectsV2 found none under the prefix). ${INVALID_LOCATION}`, 'upload the CSV files under that prefix, or correct dataLocation in data-source.');
        }
        else {
            add('location.missing', `${location} does not exist (HeadObject found no object). ${INVALID_LOCATION}`, 'correct dataLocation in data-source; it names one object, or every object under a prefix when it ends with "/".');
        }
    }
    else if (sample.length === 0 && nested.length === 0) {
        add('location.no-data', folder
            ? `${location} holds no data: ${[
                ...(empty.length ? [(0,preflight_format/* plural */.LS)(empty.length, 'empty object')] : []),
                ...(side.length ? [(0,preflight_format/* plural */.LS)(side.length, 'side file')] : [])
            ].join(' and ')}, and no CSV file.`
            : `${location} is empty (0 bytes).`, 'upload the data (a header line and the rows) and run again.');
    }
    else if (sample.length === 0) {
        add('location.no-data', `${location} holds no data in its first level, only in sub-folders (${(0,preflight_format/* listQuoted */.x)(nested.map((o) => o.uri), 3)}), and Personalize uses only the files in the first level of a folder.`, 'point dataLocation at the sub-folder that holds the data, or move the files up.');
    }
    else {
        if (empty.length > 0) {
            add('location.empty-object', `${location} holds ${(0,preflight_format/* plural */.LS)(empty.length, 'empty object')}: ${(0,preflight_format/* listQuoted */.x)(empty.map((o) => o.uri), 3)}; whether Personalize skips an empty file is not documented.`, empty.length === 1 ? 'remove it, or upload its data.' : 'remove them, or upload their data.');
        }
        if (nested.length > 0) {
            add('location.sub-folder', `${location} holds ${(0,preflight_format/* plural */.LS)(nested.length, 'object')} in sub-folders (${(0,preflight_format/* listQuoted */.x)(nested.map((o) => o.uri), 3)}); Personalize uses only the files in the first level of a folder, so ${nested.length === 1 ? 'it is' : 'they are'} neither imported nor checked.`, 'move the data into the first level of the folder, or point dataLocation at the sub-folder.');
        }
    }
    if (side.length > 0) {
        add('location.side-files', `${location} holds ${(0,preflight_format/* plural */.LS)(side.length, 'side file')} of a data pipeline beside the data (${(0,preflight_format/* listQuoted */.x)(side.map((o) => o.uri.slice(base.length)), 3)}); they were not checked as data, and whether Personalize skips them is not documented.`, 'write the data under a prefix of its own (copy the part files to it), or delete the markers (_SUCCESS, _committed_*, _started_*, .crc files, _temporary/) before the import.');
    }
    const limit = limits/* SIZE_LIMIT_BYTES */.kd[importMode];
    if (total > limit) {
        // Just over the limit, the rounded size ("1.0 GiB") would not show the excess; the bytes do.
        const exact = total < limit * 1.05 ? ` (${total} bytes)` : '';
        add('location.size', `${location} holds ${(0,preflight_format/* formatBytes */.z3)(total)}${exact}; one ${importMode} import takes at most ${(0,preflight_format/* formatBytes */.z3)(limit)} (the Personalize quota for data per import job).`, `split the data into imports of at most ${(0,preflight_format/* formatBytes */.z3)(limit)} each, or, if AWS raised this quota for the account, set preflight: off for this import.`);
    }
    return { findings, summary, sample };
}
// What Spark, Hadoop, Glue, EMR and Databricks write beside the part files: commit markers
// (_SUCCESS, empty or the S3A committer's JSON; Databricks' _committed_* and _started_*),
// checksum side files (.part-0000.csv.crc) and the _temporary/ folder of a running job.
const SIDE_FILE = /^(?:_SUCCESS|_committed_.*|_started_.*|\..*\.crc)$/;
function isSideFile(base, objectUri) {
    const parts = objectUri.slice(base.length).split('/');
    return parts.slice(0, -1).includes('_temporary') || SIDE_FILE.test(parts.at(-1));
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
// EXTERNAL MODULE: ./src/aws/personalize.ts + 13 modules
var aws_personalize = __webpack_require__(7660);
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
// The region each client was redirected to (S3's 301 names it in x-amz-bucket-region). The SDK
// follows the redirect; this keeps it from being followed in silence.
const redirected = new WeakMap();
/**
 * The S3 client for the checks. It shares the Personalize client's transport (the ca-bundle and
 * the timeouts, with the proxy chosen for S3's own host) and its credentials, renewal included.
 */
function createS3Client(personalize, settings, endpoint) {
    const companion = (0,aws_personalize/* companionOf */._M)(personalize, new URL(endpoint ?? `https://s3.${settings.region}.amazonaws.com`));
    const s3 = new S3Client/* S3Client */.Y({
        region: settings.region,
        endpoint,
        // S3-compatible servers and test servers answer on one host, not bucket.host.
        forcePathStyle: endpoint !== undefined,
        followRegionRedirects: true,
        // Only the start of an object is read: a whole-object checksum cannot be checked on it.
        responseChecksumValidation: 'WHEN_REQUIRED',
        customUserAgent: [[version/* ACTION_NAME */.p, version/* ACTION_VERSION */.Y]],
        retryMode: 'standard',
        maxAttempts: 3,
        requestHandler: companion.requestHandler,
        ...(companion.credentials ? { credentials: companion.credentials } : {})
    });
    companion.watch(s3);
    // In the build step, inside the SDK's region redirect (initialize) and outside the deserializer,
    // which gives the error its $response.
    s3.middlewareStack.add((next) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            const region = bucketRegion(error);
            if (region)
                redirected.set(s3, region);
            throw error;
        }
    }, { step: 'build', name: 'preflightBucketRegion' });
    return s3;
}
/** The region a 301 from S3 names, if the error is one. */
function bucketRegion(error) {
    const e = error;
    if (read_status(error) !== 301 && e.$response?.statusCode !== 301)
        return undefined;
    return e.$response?.headers?.['x-amz-bucket-region'] || undefined;
}
/**
 * s3://bucket/key, s3://bucket/folder/ or s3://bucket (the top level, as s3://bucket/) into its
 * parts; undefined for any other form.
 */
function parseS3Url(location) {
    const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(location.trim());
    return m ? { bucket: m[1], key: m[2] ?? '' } : undefined;
}
/** The location names every object under a prefix: it ends in "/", or is a bucket's top level. */
function isFolder(location) {
    const key = parseS3Url(location)?.key;
    return key !== undefined && (key === '' || key.endsWith('/'));
}
const uri = (bucket, key) => `s3://${bucket}/${key}`;
/**
 * The key of a listed object's URI, cut off rather than parsed again: a key is any bytes, so one
 * with a newline or a trailing space (parseS3Url would miss or trim them) is read as it was listed.
 */
const keyOf = (bucket, objectUri) => objectUri.slice(uri(bucket, '').length);
/** The object a key names (none when it does not exist), or the objects under a folder. */
async function listLocation(s3, bucket, key, signal) {
    if (!key.endsWith('/') && key !== '') {
        try {
            const head = await s3.send(new HeadObjectCommand/* HeadObjectCommand */.l({ Bucket: bucket, Key: key }), {
                abortSignal: signal
            });
            return {
                objects: [{ uri: uri(bucket, key), size: head.ContentLength ?? 0 }],
                truncated: false,
                ...regionOf(s3)
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
        const previous = token;
        token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
        if (!token)
            return { objects, truncated: false, ...regionOf(s3) };
        // A token that repeats would read the same page forever: what was read is what there is.
        if (token === previous)
            break;
    }
    return { objects, truncated: true, ...regionOf(s3) };
}
function regionOf(s3) {
    const region = redirected.get(s3);
    return region ? { region } : {};
}
/**
 * The first `cap` bytes of an object, by a ranged GET. A server that ignores the range and sends
 * the whole object is cut off at the cap: the rest is never read. An answer that is not the
 * object of the listed `size` (another status, an HTML or XML page from a proxy, a size that
 * disagrees) is a ReadError: a check that could not run, never bad data.
 */
async function readStart(s3, bucket, key, cap, size, signal) {
    let body;
    let answer;
    try {
        answer = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key, Range: `bytes=0-${cap - 1}` }), { abortSignal: signal });
        body = answer.Body;
    }
    catch (error) {
        throw new ReadError('GetObject', error);
    }
    const code = answer.$metadata?.httpStatusCode;
    if (code !== undefined && code !== 200 && code !== 206) {
        body?.destroy();
        throw notTheObject(`S3 answered HTTP ${code}, not 200 or 206`);
    }
    // The object's real size: the total of Content-Range, or the whole body of a 200.
    const total = answer.ContentRange
        ? Number(/\/(\d+)$/.exec(answer.ContentRange)?.[1] ?? NaN)
        : code === 200
            ? answer.ContentLength
            : undefined;
    if (total !== undefined && total !== size) {
        body.destroy();
        throw notTheObject(`the answer is ${Number.isNaN(total) ? `of an unknown size (Content-Range ${answer.ContentRange})` : `${total} bytes`}, but the object was listed with ${size}`);
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
    const bytes = new Uint8Array(Buffer.concat(chunks).subarray(0, cap));
    const page = markup(bytes, answer.ContentType);
    if (page)
        throw notTheObject(`the answer is ${page}`);
    return bytes;
}
// A proxy's or S3's error page answered with 200 starts with markup; CSV never does.
function markup(bytes, contentType) {
    const start = Buffer.from(bytes.subarray(0, 256)).toString('latin1').trimStart().toLowerCase();
    if (start.startsWith('<?xml'))
        return 'an XML document';
    if (start.startsWith('<!doctype html') || start.startsWith('<html'))
        return 'an HTML page';
    if (start.startsWith('<') && /html|xml/i.test(contentType ?? ''))
        return `a ${contentType} document`;
    return undefined;
}
function notTheObject(what) {
    const error = new Error(`${what}, not the object: a proxy, a cache or an error page answered instead of S3. Check s3-endpoint-url and the runner's proxy.`);
    error.name = 'NotTheObject';
    return new ReadError('GetObject', error);
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

;// CONCATENATED MODULE: ./src/preflight/schema.ts
const PRIMITIVES = ['string', 'int', 'long', 'float', 'double', 'boolean'];
// Avro's rule for names; a name that passes is safe to print unquoted.
const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * The fields of the Avro record in DescribeSchema's `schema.schema` string. Throws an Error with a
 * plain message when it is not a record of fields whose types the checks know.
 */
function parseSchema(schemaJson) {
    let schema;
    try {
        schema = JSON.parse(schemaJson);
    }
    catch (error) {
        throw new Error(`The dataset's schema is not valid JSON (${error.message}).`, {
            cause: error
        });
    }
    if (!isObject(schema) || schema.type !== 'record' || !Array.isArray(schema.fields)) {
        throw new Error('The dataset\'s schema is not an Avro record: expected {"type": "record", "fields": [...]}.');
    }
    return schema.fields.map((field, index) => parseField(field, index));
}
function parseField(field, index) {
    if (!isObject(field) || typeof field.name !== 'string' || !AVRO_NAME.test(field.name)) {
        throw new Error(`Field ${index + 1} of the dataset's schema has no valid Avro name.`);
    }
    const { name } = field;
    const members = Array.isArray(field.type)
        ? field.type.map(primitiveOf)
        : [primitiveOf(field.type)];
    const types = members.filter((type) => type !== 'null');
    const type = types[0];
    if (types.length !== 1 || type === undefined || !PRIMITIVES.includes(type)) {
        const shown = JSON.stringify(field.type) ?? 'nothing';
        throw new Error(`Field ${name} of the dataset's schema has the type ${shown.slice(0, 100)}; the pre-flight checks know string, int, long, float, double and boolean, each alone or in a union with "null".`);
    }
    return {
        name,
        type: type,
        nullable: types.length < members.length,
        categorical: field.categorical === true
    };
}
// A type is a name ("long") or a schema object ({"type": "long"}).
function primitiveOf(type) {
    if (typeof type === 'string')
        return type;
    if (isObject(type) && typeof type.type === 'string')
        return type.type;
    return undefined;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/preflight/run.ts







/** The data checks; `stopped` when the deadline or a cancel cut the reads short. */
async function checkData(o) {
    try {
        return await check(o);
    }
    catch (error) {
        // Only the deadline or a cancel stops the reads: a read failing is a check that cannot run.
        if (!o.deadline.signal.aborted)
            throw error;
        return { stopped: true };
    }
}
async function check({ personalize, client, s3Endpoint, request, deadline }) {
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
    const s3 = parts && createS3Client(personalize, client, s3Endpoint);
    // The listing and the schema do not depend on each other: read both at once.
    const [listing, schema] = await Promise.all([
        s3
            ? settle(deadline.call((signal) => listLocation(s3, parts.bucket, parts.key, signal)))
            : undefined,
        settle(deadline.call((signal) => readSchema(personalize, request.datasetArn, signal)))
    ]);
    let sample = [];
    let found;
    if (listing && 'error' in listing) {
        skip(['location', 'header', 'rows'], reason(listing.error, location));
    }
    else if (listing) {
        const result = checkLocation({
            location,
            folder: isFolder(location),
            objects: listing.value.objects,
            importMode,
            ...(listing.value.region && {
                regions: { bucket: listing.value.region, dataset: client.region }
            })
        });
        ran.push('location');
        findings.push(...result.findings, ...truncation(location, listing.value));
        sample = result.sample;
        found = result.summary;
    }
    let fields;
    let datasetType = '';
    if ('error' in schema && noDataset(schema.error)) {
        // The create would fail on the same ARN: one error now, not a warning then that error.
        findings.push((0,preflight_format/* finding */.gk)({
            rule: 'schema.no-dataset',
            problem: `Dataset ${request.datasetArn} was not found in region ${client.region} (DescribeDataset: ResourceNotFoundException).`,
            fix: `check dataset-arn (a dataset's ARN ends in dataset/<dataset group>/<TYPE>, such as dataset/retail/INTERACTIONS), and that region is the dataset's region.`
        }));
    }
    else if ('error' in schema) {
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
            read: await settle(deadline.call((signal) => readStart(s3, parts.bucket, keyOf(parts.bucket, object.uri), limits/* READ_CAP_BYTES */.m9, object.size, signal)))
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
/** DescribeDataset said the dataset does not exist. */
function noDataset(error) {
    return (error instanceof ReadError &&
        error.call === 'DescribeDataset' &&
        error.cause?.name === 'ResourceNotFoundException');
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
