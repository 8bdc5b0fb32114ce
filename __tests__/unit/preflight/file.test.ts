import { describe, expect, it } from '@jest/globals'
import { READ_CAP_BYTES, checkSameHeader } from '../../../src/preflight/index.js'
import { FILE, INTERACTIONS, ITEMS, USERS, check, fieldsOf, messages } from './fixtures.js'

const HEADER = 'USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP'
const ROW = 'u1,i1,click,1700000000'
const good = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n'
// A required boolean, as a Users schema may have one.
const FLAGS = fieldsOf('Users', [
  { name: 'USER_ID', type: 'string' },
  { name: 'FLAG', type: 'boolean' }
])

describe('checkFile: the header', () => {
  it('passes a good file and gives its header and row count', () => {
    expect(check(good(ROW, 'u2,i2,view,881250949'))).toEqual({
      findings: [],
      header: ['USER_ID', 'ITEM_ID', 'EVENT_TYPE', 'TIMESTAMP'],
      rows: 2
    })
  })

  it.each([
    [
      'quoted header names',
      `"USER_ID","ITEM_ID",EVENT_TYPE,TIMESTAMP\n${ROW}\n`,
      `${FILE}: the header quotes its column names ("USER_ID", "ITEM_ID"); Personalize expects them unquoted. Fix: write the header line without quotes around the names.`
    ],
    [
      'a tab-separated file',
      HEADER.replace(/,/g, '\t') + '\n' + ROW.replace(/,/g, '\t') + '\n',
      `${FILE}: the header "USER_ID\\tITEM_ID\\tEVENT_TYPE\\tTIMESTAMP" is separated by tabs, not commas; Personalize reads comma-separated values only. Fix: save the file as CSV with commas between the values (in a spreadsheet: "CSV (comma delimited)").`
    ],
    [
      'a semicolon-separated file',
      HEADER.replace(/,/g, ';') + '\n' + ROW.replace(/,/g, ';') + '\n',
      `${FILE}: the header "USER_ID;ITEM_ID;EVENT_TYPE;TIMESTAMP" is separated by semicolons, not commas; Personalize reads comma-separated values only. Fix: save the file as CSV with commas between the values (in a spreadsheet: "CSV (comma delimited)").`
    ],
    [
      'an empty file',
      '',
      `${FILE} is empty: it has no header line. Fix: upload the data: a header line with the column names, then the rows.`
    ],
    [
      'an empty first line',
      `\n${good(ROW)}`,
      `${FILE}: the first line is empty; Personalize reads the column names from it. Fix: start the file with the header line: the column names, separated by commas.`
    ],
    [
      'a missing required column',
      'USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,click\n',
      `${FILE}: Input CSV is missing the following columns: [TIMESTAMP]. The Interactions dataset's schema requires it (its type is not a union with "null"). Fix: add the column TIMESTAMP to the header, with a value on every row.`
    ],
    [
      'a UTF-16 file',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good(ROW), 'utf16le')]),
      `${FILE} is UTF-16 text (it starts with the byte-order mark FF FE); Personalize reads UTF-8 only. Fix: save the file as UTF-8, without a byte-order mark.`
    ]
  ])('refuses %s', (_, data, message) => {
    const { findings } = check(data)
    expect(findings.map((f) => f.message)).toEqual([message])
    expect(findings.map((f) => [f.severity, f.check, f.file, f.line])).toEqual([
      ['error', 'header', FILE, 1]
    ])
  })

  it('warns of a column written in another case or with spaces, and judges its values', () => {
    // The guide does not say whether Personalize matches names exactly: a warning, not a refusal.
    const result = check('user_id, ITEM_ID,EVENT_TYPE,TIMESTAMP \nu1,i1,click,1700000000000\n')
    expect(result.findings.map((f) => [f.severity, f.check, f.line, f.message])).toEqual([
      [
        'warning',
        'header',
        1,
        `${FILE}: the header writes "user_id" for USER_ID, " ITEM_ID" for ITEM_ID, "TIMESTAMP " for TIMESTAMP; Personalize may not take them for those columns, and would then fail the import with "Input CSV is missing the following columns". Fix: rename "user_id" to USER_ID; rename " ITEM_ID" to ITEM_ID; rename "TIMESTAMP " to TIMESTAMP.`
      ],
      [
        'error',
        'rows',
        2,
        `${FILE} line 2, column TIMESTAMP: "1700000000000" looks like milliseconds; Personalize expects Unix epoch time in seconds. Fix: divide by 1000 (1700000000).`
      ]
    ])
    expect(messages('USER_ID,Item_Id,EVENT_TYPE,TIMESTAMP\nu1,i1,click,1\n')).toEqual([
      `${FILE}: the header writes "Item_Id" for ITEM_ID; Personalize may not take it for that column, and would then fail the import with "Input CSV is missing the following columns". Fix: rename "Item_Id" to ITEM_ID.`
    ])
  })

  it('refuses only the columns not written at all, and warns of the misspelt ones', () => {
    expect(check('user_id,ITEM_ID\nu1,i1\n').findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'error',
        `${FILE}: Input CSV is missing the following columns: [EVENT_TYPE, TIMESTAMP]. The Interactions dataset's schema requires them (their types are not unions with "null"). Fix: add the columns EVENT_TYPE, TIMESTAMP to the header, with a value on every row.`
      ],
      [
        'warning',
        `${FILE}: the header writes "user_id" for USER_ID; Personalize may not take it for that column, and would then fail the import with "Input CSV is missing the following columns". Fix: rename "user_id" to USER_ID.`
      ]
    ])
  })

  it('warns of named columns the schema lacks, and says nothing of an unnamed one', () => {
    // Recorded imports with an extra column and pandas' unnamed index column went ACTIVE.
    expect(check(`${HEADER},SESSION,,DEVICE\n${ROW},s1,,d\n`).findings).toEqual([
      {
        severity: 'warning',
        check: 'header',
        file: FILE,
        line: 1,
        message: `${FILE}: the columns "SESSION", "DEVICE" are not in the Interactions dataset's schema, so Personalize does not import them. Fix: remove them, or add them to the schema if they are meant to be imported.`,
        fix: 'remove them, or add them to the schema if they are meant to be imported.'
      }
    ])
    expect(messages(`${HEADER},SESSION\n${ROW},s1\n`)).toEqual([
      `${FILE}: the column "SESSION" is not in the Interactions dataset's schema, so Personalize does not import it. Fix: remove it, or add it to the schema if it is meant to be imported.`
    ])
  })

  it('warns of a byte-order mark before a required column, and checks the rows', () => {
    const result = check('\uFEFF' + good('u1,i1,click,1700000000000'))
    expect(result.header).toEqual(['USER_ID', 'ITEM_ID', 'EVENT_TYPE', 'TIMESTAMP'])
    expect(result.findings.map((f) => [f.severity, f.check, f.line, f.message])).toEqual([
      [
        'warning',
        'header',
        1,
        `${FILE} starts with a byte-order mark (EF BB BF) before the column USER_ID; whether Personalize strips the mark is not documented, and if it does not, it fails the import with "Input CSV is missing the following columns: [USER_ID]". Fix: save the file as UTF-8 without a byte-order mark: in pandas, encoding='utf-8' rather than 'utf-8-sig'; or sed -i '1s/^\\xEF\\xBB\\xBF//' file.csv.`
      ],
      [
        'error',
        'rows',
        2,
        `${FILE} line 2, column TIMESTAMP: "1700000000000" looks like milliseconds; Personalize expects Unix epoch time in seconds. Fix: divide by 1000 (1700000000).`
      ]
    ])
  })

  it('says nothing of a byte-order mark before an unnamed or optional first column', () => {
    // pandas to_csv(encoding='utf-8-sig') with its index: the mark lands on the unnamed column.
    expect(messages(`\uFEFF,${HEADER}\n0,${ROW}\n1,${ROW}\n`)).toEqual([])
    expect(
      messages('\uFEFFEVENT_VALUE,USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n1.5,u1,i1,click,1\n')
    ).toEqual([])
  })

  it('warns of a repeated column and checks its first copy', () => {
    expect(
      check(`${HEADER},ITEM_ID\n${ROW},i1\n`).findings.map((f) => [f.severity, f.message])
    ).toEqual([
      [
        'warning',
        `${FILE}: the header repeats the column "ITEM_ID"; which copy Personalize reads is not documented (the first is checked here). Fix: keep one column of each name.`
      ]
    ])
  })

  it('warns of a header and no rows', () => {
    expect(check(HEADER + '\n').findings.map((f) => [f.severity, f.check, f.message])).toEqual([
      [
        'warning',
        'header',
        `${FILE} has a header and no rows; whether Personalize fails an import of no rows is not documented. Fix: add the rows below the header, or remove the file.`
      ]
    ])
  })

  it('lets nullable columns be absent', () => {
    expect(messages(good(ROW))).toEqual([])
    expect(
      messages('ITEM_ID,CREATION_TIMESTAMP\ni1,1700000000\n', {
        fields: ITEMS,
        datasetType: 'Items'
      })
    ).toEqual([])
  })

  it('refuses text that is not UTF-8, naming the line', () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${HEADER}\n${ROW}\nu2,caf`),
      Buffer.from([0xe9]),
      Buffer.from(',click,1\n')
    ])
    expect(check(latin1).findings).toEqual([
      {
        severity: 'error',
        check: 'rows',
        file: FILE,
        line: 3,
        value: 'caf\uFFFD',
        message: `${FILE} line 3 is not UTF-8 text ("caf\uFFFD"); Personalize reads UTF-8 only. Fix: save the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8.`,
        fix: 'save the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8.'
      }
    ])
  })
})

describe('checkFile: the rows', () => {
  it.each([
    [
      'an empty required value',
      good('u1,,click,1700000000'),
      `${FILE} line 2, column ITEM_ID: the value is empty, but ITEM_ID needs one (its type string is not a union with "null"). Fix: fill it in on every row.`
    ],
    [
      'milliseconds',
      good('u1,i1,click,1700000000000'),
      `${FILE} line 2, column TIMESTAMP: "1700000000000" looks like milliseconds; Personalize expects Unix epoch time in seconds. Fix: divide by 1000 (1700000000).`
    ],
    [
      'a date',
      good('u1,i1,click,2024-01-01'),
      `${FILE} line 2, column TIMESTAMP: "2024-01-01" is not epoch time; Personalize expects Unix epoch time in seconds ("2024-01-01" is 1704067200). Fix: convert the dates to whole seconds since 1970-01-01T00:00:00Z.`
    ],
    [
      'a date and time with a zone',
      good('u1,i1,click,2024-01-01T10:00:00+02:00'),
      `${FILE} line 2, column TIMESTAMP: "2024-01-01T10:00:00+02:00" is not epoch time; Personalize expects Unix epoch time in seconds ("2024-01-01T10:00:00+02:00" is 1704096000). Fix: convert the dates to whole seconds since 1970-01-01T00:00:00Z.`
    ],
    [
      'a date and time without a zone',
      good('u1,i1,click,01/02/2024 10:00'),
      `${FILE} line 2, column TIMESTAMP: "01/02/2024 10:00" is not epoch time; Personalize expects Unix epoch time in seconds (such as 1704067200 for 2024-01-01T00:00:00Z). Fix: convert the dates to whole seconds since 1970-01-01T00:00:00Z.`
    ],
    [
      'an empty TIMESTAMP',
      good('u1,i1,click,'),
      `${FILE} line 2, column TIMESTAMP: the value is empty, but TIMESTAMP needs one (its type long is not a union with "null"). Fix: fill it in on every row.`
    ],
    [
      'too many values',
      good('u1,i1,click,1700000000,extra'),
      `${FILE} line 2 has 5 values; the header has 4. Fix: give every row one value per column, and quote values that contain commas ("a, b").`
    ],
    [
      'too few values',
      good('u1,i1,1700000000'),
      `${FILE} line 2 has 3 values; the header has 4. Fix: give every row one value per column, and quote values that contain commas ("a, b").`
    ],
    [
      'an ITEM_ID over 256 characters',
      good(`u1,${'i'.repeat(257)},click,1700000000`),
      `${FILE} line 2, column ITEM_ID: "${'i'.repeat(80)}…" (257 characters). Length cannot be more than 256 characters for ITEM_ID. Fix: shorten the values to at most 256 characters; a value this long is often text with an unquoted comma, or a record over several lines.`
    ],
    [
      'a quote left open',
      good(ROW, 'u2,"i2,click,1700000000', ROW),
      `${FILE} line 3: a quote opens a value and is never closed, so the rest of the sample could not be read. Fix: quote whole values only, and write a quote inside a quoted value as two quotes ("").`
    ]
  ])('refuses %s', (_, text, message) => {
    const { findings } = check(text)
    expect(findings.map((f) => f.message)).toEqual([message])
    expect(findings.map((f) => [f.severity, f.check])).toEqual([['error', 'rows']])
  })

  it.each([
    [
      'long',
      ITEMS,
      'ITEM_ID,CREATION_TIMESTAMP\ni1,9223372036854775808\n',
      'CREATION_TIMESTAMP: "9223372036854775808" is not epoch time'
    ],
    [
      'CREATION_TIMESTAMP in milliseconds',
      ITEMS,
      'ITEM_ID,CREATION_TIMESTAMP\ni1,1700000000000\n',
      'CREATION_TIMESTAMP: "1700000000000" looks like milliseconds'
    ],
    [
      'a categorical value over 1000 characters',
      USERS,
      `USER_ID,AGE,GENDER\nu1,30,${'g'.repeat(1001)}\n`,
      `GENDER: "${'g'.repeat(80)}…" (1001 characters). Length cannot be more than 1000 characters for GENDER.`
    ],
    [
      'a USER_ID of 257 emoji',
      USERS,
      `USER_ID,AGE,GENDER\n${'😀'.repeat(257)},30,f\n`,
      `USER_ID: "${'😀'.repeat(40)}…" (257 characters). Length cannot be more than 256 characters for USER_ID.`
    ],
    [
      'a USER_ID over 256 characters',
      USERS,
      `USER_ID,AGE,GENDER\n${'u'.repeat(257)},30,f\n`,
      `USER_ID: "${'u'.repeat(80)}…" (257 characters). Length cannot be more than 256 characters for USER_ID.`
    ]
  ])('refuses a value that is not %s', (_, fields, text, part) => {
    const { findings } = check(text, { fields, datasetType: 'X' })
    expect(findings.map((f) => f.severity)).toEqual(['error'])
    expect(findings[0]!.message).toContain(`${FILE} line 2, column ${part}`)
  })

  it.each([
    [
      'an int',
      USERS,
      'USER_ID,AGE,GENDER\nu1,thirty,f\n',
      'AGE: "thirty" is not an int (a whole number from -2147483648 to 2147483647); Personalize has imported such values in metadata, but what it makes of them is not documented. Fix: write a whole number, or change the field\'s type in the schema.'
    ],
    [
      'an int in range',
      USERS,
      'USER_ID,AGE,GENDER\nu1,2147483648,f\n',
      'AGE: "2147483648" is not an int'
    ],
    [
      'an int (a range of years)',
      USERS,
      'USER_ID,AGE,GENDER\nu1,2006–2007,f\n',
      'AGE: "2006–2007" is not an int'
    ],
    ['an int (decimals)', USERS, 'USER_ID,AGE,GENDER\nu1,30.5,f\n', 'AGE: "30.5" is not an int'],
    [
      'a double',
      ITEMS,
      'ITEM_ID,PRICE,CREATION_TIMESTAMP\ni1,$5,1700000000\n',
      'PRICE: "$5" is not a double (a number such as 4.5 or 1e-3); Personalize has imported such values in metadata, but what it makes of them is not documented. Fix: write a number or leave it empty, or change the field\'s type in the schema.'
    ],
    [
      'a double (a word with spaces)',
      ITEMS,
      'ITEM_ID,PRICE,CREATION_TIMESTAMP\ni1, five ,1\n',
      'PRICE: " five " is not a double'
    ],
    [
      'a float in EVENT_VALUE',
      INTERACTIONS,
      'USER_ID,ITEM_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP\nu1,i1,rating,4 stars,1700000000\n',
      'EVENT_VALUE: "4 stars" is not a float (a number such as 4.5 or 1e-3); Personalize has imported such values in metadata, but what it makes of them is not documented. Fix: write a number or leave it empty, or change the field\'s type in the schema.'
    ],
    [
      'an empty value in a metadata field that is not nullable',
      USERS,
      'USER_ID,AGE,GENDER\nu1,,f\n',
      'AGE: the value is empty, though the type int is not a union with "null"; Personalize has imported such blanks in metadata, but the guide reserves them for nullable fields. Fix: fill it in, or make the field nullable (["null", "int"]) in the schema.'
    ]
  ])(
    'warns of a value that is not %s, as a recorded ACTIVE import had',
    (_, fields, text, part) => {
      // POC_in_a_box's item-meta.csv: YEAR "int", 13 blanks and "2006–2007", imported ACTIVE.
      const { findings } = check(text, { fields, datasetType: 'X' })
      expect(findings.map((f) => [f.severity, f.check])).toEqual([['warning', 'rows']])
      expect(findings[0]!.message).toContain(`${FILE} line 2, column ${part}`)
    }
  )

  it.each([
    [
      'an epoch time in seconds',
      good('u1,i1,click,1700000000', 'u1,i1,click,881250949', 'u1,i1,click,-5')
    ],
    [
      'an empty nullable value',
      'USER_ID,ITEM_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP\nu1,i1,click,,1700000000\nu1,i1,click,2.5,1\n'
    ],
    ['CRLF line endings', `${HEADER}\r\n${ROW}\r\nu2,i2,view,1700000001\r\n`],
    ['quoted values with commas', good('"u,1","i ""one""",click,1700000000')],
    ['a quote inside a value', good('u1,5"3,click,1700000000')],
    [
      'numbers in every form',
      'ITEM_ID,PRICE,CREATION_TIMESTAMP\ni1,4.5,1\ni2,-1e-3,2\ni3,.5,3\ni4,NaN,4\ni5,+7,5\n'
    ],
    [
      'booleans in lower case, and empty in a nullable boolean',
      'USER_ID,AGE,GENDER,MEMBER\nu1,-2147483648,f,true\nu2,2147483647,m,false\nu3,0,x,\n'
    ],
    ['a categorical value of 1000 characters', `USER_ID,AGE,GENDER\nu1,30,${'g'.repeat(1000)}\n`],
    ['a USER_ID of 256 emoji (512 UTF-16 units)', `USER_ID,AGE,GENDER\n${'😀'.repeat(256)},30,f\n`],
    ['no newline at the end', `${HEADER}\n${ROW}`]
  ])('passes %s', (_, text) => {
    const fields = text.startsWith('ITEM_ID')
      ? ITEMS
      : text.startsWith('USER_ID,AGE')
        ? USERS
        : INTERACTIONS
    expect(messages(text, { fields })).toEqual([])
  })

  it.each([
    [
      'a whole TIMESTAMP with a decimal point (pandas)',
      INTERACTIONS,
      good('u1,i1,click,1700000000.0'),
      'TIMESTAMP: "1700000000.0" is not a whole number; the guide writes epoch seconds as whole numbers (881250949), and whether Personalize reads a decimal point is not documented. Fix: write whole seconds (1700000000); in pandas, write the column as integers (astype("Int64")).'
    ],
    [
      'decimal seconds in TIMESTAMP',
      INTERACTIONS,
      good('u1,i1,click,1700000000.5'),
      'TIMESTAMP: "1700000000.5" is not a whole number; the guide writes epoch seconds as whole numbers (881250949), and whether Personalize reads a decimal point is not documented. Fix: write whole seconds (1700000000); in pandas, write the column as integers (astype("Int64")).'
    ],
    [
      'an exponent in TIMESTAMP',
      INTERACTIONS,
      good('u1,i1,click,17e8'),
      'TIMESTAMP: "17e8" is not a whole number; the guide writes epoch seconds as whole numbers (881250949), and whether Personalize reads an exponent is not documented. Fix: write whole seconds (1700000000); in pandas, write the column as integers (astype("Int64")).'
    ],
    [
      'an int with a decimal point',
      USERS,
      'USER_ID,AGE,GENDER\nu1,30.00,f\n',
      'AGE: "30.00" is a whole number with a decimal point; Personalize may not read it as an int (a whole number from -2147483648 to 2147483647). Fix: write it without the decimal point (30); in pandas, write the column as integers (astype("Int64")).'
    ],
    [
      'spaces around a TIMESTAMP',
      INTERACTIONS,
      good('u1,i1,click, 1700000000'),
      'TIMESTAMP: " 1700000000" has spaces around the value; Personalize may not read it as a long (a whole number from -9223372036854775808 to 9223372036854775807). Fix: remove the spaces around the values (write "a,b", not "a, b").'
    ],
    [
      'spaces around a float',
      INTERACTIONS,
      'USER_ID,ITEM_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP\nu1,i1,rating,4.5 ,1700000000\n',
      'EVENT_VALUE: "4.5 " has spaces around the value; Personalize may not read it as a float (a number such as 4.5 or 1e-3). Fix: remove the spaces around the values (write "a,b", not "a, b").'
    ],
    [
      'the text null in a nullable float',
      INTERACTIONS,
      'USER_ID,ITEM_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP\nu1,i1,click,NULL,1700000000\n',
      'EVENT_VALUE: "NULL" is text, not an empty value; Personalize may not read it as null. Fix: leave the value empty where there is none.'
    ],
    [
      'a year with a decimal point in an int (pandas, a column with an empty cell)',
      USERS,
      'USER_ID,AGE,GENDER\nu1,1995.0,f\n',
      'AGE: "1995.0" is a whole number with a decimal point; Personalize may not read it as an int (a whole number from -2147483648 to 2147483647). Fix: write it without the decimal point (1995); in pandas, write the column as integers (astype("Int64")).'
    ]
  ])('warns of %s, without refusing it', (_, fields, text, part) => {
    const { findings } = check(text, { fields })
    expect(findings.map((f) => [f.severity, f.check, f.message])).toEqual([
      ['warning', 'rows', `${FILE} line 2, column ${part}`]
    ])
  })

  const BOOLEAN_FIX =
    'write true or false in lower case: in pandas, df[col].map({True: "true", False: "false"}) before to_csv; in csv-stringify, cast: { boolean: (v) => String(v) }.'

  it.each([
    // pandas' to_csv writes True and False; csv-stringify writes 1 and an empty string.
    ['True', 'True', '"True" is not true or false'],
    ['False', 'False', '"False" is not true or false'],
    ['TRUE', 'TRUE', '"TRUE" is not true or false'],
    ['1', '1', '"1" is not true or false'],
    ['0', '0', '"0" is not true or false'],
    ['yes', 'yes', '"yes" is not true or false'],
    ['2', '2', '"2" is not true or false']
  ])('refuses the boolean %s, in a nullable field as in a required one', (_, value, what) => {
    const nullable = check(`USER_ID,AGE,GENDER,MEMBER\nu1,30,f,${value}\n`, { fields: USERS })
    const required = check(`USER_ID,FLAG\nu1,${value}\n`, { fields: FLAGS })
    expect(nullable.findings.map((f) => [f.severity, f.check, f.message])).toEqual([
      [
        'error',
        'rows',
        `${FILE} line 2, column MEMBER: ${what}; Personalize reads booleans written true and false, in lower case. Fix: ${BOOLEAN_FIX}`
      ]
    ])
    expect(required.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'error',
        `${FILE} line 2, column FLAG: ${what}; Personalize reads booleans written true and false, in lower case. Fix: ${BOOLEAN_FIX}`
      ]
    ])
  })

  it('refuses an empty boolean where the field is not nullable (csv-stringify writes false so)', () => {
    expect(messages('USER_ID,FLAG\nu1,true\nu2,\n', { fields: FLAGS })).toEqual([
      `${FILE} line 3, column FLAG: the value is empty; Personalize reads booleans written true and false, in lower case. Fix: ${BOOLEAN_FIX}`
    ])
  })

  it('still refuses the text null in a required TIMESTAMP', () => {
    const { findings } = check('ITEM_ID,PRICE,CREATION_TIMESTAMP\ni1,4,null\n', { fields: ITEMS })
    expect(findings.map((f) => f.severity)).toEqual(['error'])
    expect(findings[0]!.message).toContain(
      `${FILE} line 2, column CREATION_TIMESTAMP: "null" is not epoch time`
    )
  })

  it('warns of categories over 1000 characters together, refuses one over 1000 alone', () => {
    const parts = Array.from({ length: 3 }, (_, i) => String(i).repeat(400)).join('|')
    expect(
      check(`USER_ID,AGE,GENDER\nu1,30,${parts}\n`, { fields: USERS }).findings.map((f) => [
        f.severity,
        f.message
      ])
    ).toEqual([
      [
        'warning',
        `${FILE} line 2, column GENDER: "${'0'.repeat(80)}…" (1202 characters): each category is at most 1000 characters, but Personalize may count the value whole (Length cannot be more than 1000 characters for GENDER). Fix: keep the categories of one value under 1000 characters together, e.g. by dropping the least useful ones.`
      ]
    ])
    expect(
      check(`USER_ID,AGE,GENDER\nu1,30,a|${'g'.repeat(1001)}\n`, { fields: USERS }).findings.map(
        (f) => f.severity
      )
    ).toEqual(['error'])
  })

  it('warns of a line of spaces as of an empty line', () => {
    expect(check(good(ROW, '  \t', ROW)).findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', `${FILE} line 3 is empty (spaces only). Fix: remove empty lines.`]
    ])
  })

  it('gives the line, column and raw value of a bad value', () => {
    expect(check(good(ROW, 'u2,i2,click,1700000000000')).findings).toEqual([
      {
        severity: 'error',
        check: 'rows',
        file: FILE,
        line: 3,
        column: 'TIMESTAMP',
        value: '1700000000000',
        message: `${FILE} line 3, column TIMESTAMP: "1700000000000" looks like milliseconds; Personalize expects Unix epoch time in seconds. Fix: divide by 1000 (1700000000).`,
        fix: 'divide by 1000 (1700000000).'
      }
    ])
  })

  it('warns of a record over several lines and counts lines after it as an editor does', () => {
    const result = check(good('u1,"i\none",click,1700000000', 'u2,i2,click,1700000000000'))
    expect(result.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        `${FILE} line 2: the record spans 2 lines (a quoted value holds a line break); Personalize expects each record on one line. Fix: replace the line breaks inside values with spaces.`
      ],
      [
        'error',
        `${FILE} line 4, column TIMESTAMP: "1700000000000" looks like milliseconds; Personalize expects Unix epoch time in seconds. Fix: divide by 1000 (1700000000).`
      ]
    ])
    expect(result.rows).toBe(2)
  })

  it('warns of an empty line', () => {
    expect(check(good(ROW, '', ROW)).findings.map((f) => [f.severity, f.line, f.message])).toEqual([
      ['warning', 3, `${FILE} line 3 is empty. Fix: remove empty lines.`]
    ])
  })

  it('shows control characters in a value visibly', () => {
    expect(messages(good('u1,i1,click,17\u001b[2J00'))).toEqual([
      `${FILE} line 2, column TIMESTAMP: "17\\u001B[2J00" is not epoch time; Personalize expects Unix epoch time in seconds (such as 1704067200 for 2024-01-01T00:00:00Z). Fix: convert the dates to whole seconds since 1970-01-01T00:00:00Z.`
    ])
  })

  it('lists at most 3 problems of a kind and 10 in all, and counts the rest', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `u${i},,click,${1700000000000 + i}`)
    const result = check(good(...rows, 'u,i,x'))
    const listed = result.findings.slice(0, -1)
    expect(listed.map((f) => `${f.line} ${f.column}`)).toEqual([
      '2 ITEM_ID',
      '2 TIMESTAMP',
      '3 ITEM_ID',
      '3 TIMESTAMP',
      '4 ITEM_ID',
      '4 TIMESTAMP',
      '102 undefined'
    ])
    expect(result.findings.at(-1)).toEqual({
      severity: 'error',
      check: 'rows',
      file: FILE,
      message: `${FILE}: 194 more problems in the sampled rows are not listed. Fix: fix the ones listed and run again; the same fixes are likely to apply.`,
      fix: 'fix the ones listed and run again; the same fixes are likely to apply.'
    })
    expect(result.rows).toBe(101)
  })

  it('stops listing at 10 across kinds', () => {
    const wide =
      'USER_ID,AGE,GENDER,MEMBER\n' + Array.from({ length: 5 }, () => ',x,,maybe').join('\n') + '\n'
    const found = check(wide, { fields: USERS }).findings
    expect(found).toHaveLength(11)
    expect(found.at(-1)!.message).toBe(
      `${FILE}: 10 more problems in the sampled rows are not listed. Fix: fix the ones listed and run again; the same fixes are likely to apply.`
    )
  })

  it('counts warnings alone as a warning', () => {
    const found = check(good(...Array.from({ length: 5 }, () => '')) + ROW + '\n').findings
    expect(found.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning', 'warning'])
    expect(found.at(-1)!.message).toBe(
      `${FILE}: 2 more problems in the sampled rows are not listed. Fix: fix the ones listed and run again; the same fixes are likely to apply.`
    )
  })
})

describe('checkFile: a read that stopped before the end', () => {
  it('does not judge the cut last line', () => {
    const text = good(ROW) + 'u2,i2,cl'
    expect(check(text, { complete: false })).toEqual({
      findings: [],
      header: HEADER.split(','),
      rows: 1
    })
    expect(messages(text)).toEqual([
      `${FILE} line 3 has 3 values; the header has 4. Fix: give every row one value per column, and quote values that contain commas ("a, b").`
    ])
  })

  it('does not take a character cut by the read for text that is not UTF-8', () => {
    const whole = Buffer.from(good(ROW, 'u2,café😀,click,1700000000'))
    // The last 18 bytes are ",click,1700000000\n": these cuts fall inside the emoji and the é.
    for (const cut of [19, 20, 21, 23]) {
      expect(check(whole.subarray(0, whole.length - cut), { complete: false })).toEqual({
        findings: [],
        header: HEADER.split(','),
        rows: 1
      })
    }
  })

  it('does not judge a record cut inside a quoted line break', () => {
    expect(messages(good(ROW) + 'u2,"i\ntwo', { complete: false })).toEqual([])
  })

  it('still refuses a quote left open long before the cut', () => {
    const text = good('u1,"i1,click,1700000000', ...Array.from({ length: 150 }, () => ROW))
    expect(messages(text, { complete: false })).toEqual([
      `${FILE} line 2: a quote opens a value and is never closed, so the rest of the sample could not be read. Fix: quote whole values only, and write a quote inside a quoted value as two quotes ("").`
    ])
  })

  it('skips the rows when no whole row was read', () => {
    const bytes = Buffer.from(`${HEADER}\nu1,${'i'.repeat(2 * READ_CAP_BYTES)},click,1\n`).subarray(
      0,
      READ_CAP_BYTES
    )
    expect(check(bytes, { complete: false })).toEqual({
      findings: [],
      header: HEADER.split(','),
      rows: 0,
      skipped: {
        check: 'rows',
        reason: `${FILE}: no whole row in the first 1 MiB, so its rows were not checked.`
      }
    })
  })

  it('skips the file when its first line is longer than the read', () => {
    const bytes = Buffer.from('A'.repeat(READ_CAP_BYTES))
    expect(check(bytes, { complete: false })).toEqual({
      findings: [],
      rows: 0,
      skipped: {
        check: 'header',
        reason: `${FILE}: the first line is longer than the 1 MiB read, so its header and rows were not checked.`
      }
    })
  })

  it('judges a 2 MB row quickly and quotes it short', () => {
    const started = performance.now()
    const found = messages(good(`u1,${'i'.repeat(2_000_000)},click,1700000000`, ROW))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(found).toEqual([
      `${FILE} line 2, column ITEM_ID: "${'i'.repeat(80)}…" (2000000 characters). Length cannot be more than 256 characters for ITEM_ID. Fix: shorten the values to at most 256 characters; a value this long is often text with an unquoted comma, or a record over several lines.`
    ])
  })

  it('judges a full 1 MiB sample of rows', () => {
    const rows: string[] = []
    for (let i = 0; rows.length * 30 < READ_CAP_BYTES; i++)
      rows.push(`user-${i},item-${i % 977},click,${1700000000 + i}`)
    const bytes = Buffer.from(good(...rows)).subarray(0, READ_CAP_BYTES)
    const result = check(bytes, { complete: false })
    expect(result.findings).toEqual([])
    // Every whole line but the header; the cut one is left out.
    expect(result.rows).toBe(bytes.toString().split('\n').length - 2)
  })
})

describe('checkSameHeader', () => {
  const a = { file: 's3://data/f/a.csv', header: ['USER_ID', 'ITEM_ID', 'TIMESTAMP'] }

  it('passes files that share the header', () => {
    expect(checkSameHeader([a, { ...a, file: 's3://data/f/b.csv' }])).toEqual([])
    expect(checkSameHeader([a])).toEqual([])
    expect(checkSameHeader([])).toEqual([])
  })

  it('warns of a file with other columns', () => {
    const b = { file: 's3://data/f/b.csv', header: ['USER_ID', 'ITEM', 'TIMESTAMP', 'X'] }
    const c = { file: 's3://data/f/c.csv', header: ['USER_ID', 'ITEM_ID'] }
    expect(checkSameHeader([a, b, c])).toEqual([
      {
        severity: 'warning',
        check: 'header',
        file: 's3://data/f/b.csv',
        line: 1,
        message:
          's3://data/f/b.csv does not have the header of s3://data/f/a.csv: it lacks "ITEM_ID" and it adds "ITEM", "X". What Personalize makes of files with different headers in one folder is not documented. Fix: write every file of the folder with the same header line.',
        fix: 'write every file of the folder with the same header line.'
      },
      {
        severity: 'warning',
        check: 'header',
        file: 's3://data/f/c.csv',
        line: 1,
        message:
          's3://data/f/c.csv does not have the header of s3://data/f/a.csv: it lacks "TIMESTAMP". What Personalize makes of files with different headers in one folder is not documented. Fix: write every file of the folder with the same header line.',
        fix: 'write every file of the folder with the same header line.'
      }
    ])
  })

  it('warns of the same columns written in another case or with spaces', () => {
    const b = { file: 's3://data/f/b.csv', header: ['user_id', ' ITEM_ID', 'TIMESTAMP'] }
    expect(checkSameHeader([a, b]).map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        's3://data/f/b.csv writes the columns "user_id", " ITEM_ID" otherwise than s3://data/f/a.csv. Fix: write the column names the same way in every file of the folder.'
      ]
    ])
  })

  it('warns of the same columns in another order', () => {
    const b = { file: 's3://data/f/b.csv', header: ['ITEM_ID', 'USER_ID', 'TIMESTAMP'] }
    expect(checkSameHeader([a, b]).map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        's3://data/f/b.csv has the columns of s3://data/f/a.csv in another order. Fix: write the columns in the same order in every file of the folder.'
      ]
    ])
  })
})
