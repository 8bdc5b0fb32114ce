// A port of the AWS CLI's shorthand parser (awscli/shorthand.py), so that a value users copy from
// a working `aws personalize create-dataset-import-job` command means the same thing here.
// Grammar: parameter = keyval *("," keyval); keyval = key "=" values;
// values = csv-value / "[" explicit-list "]" / "{" hash-literal "}".

export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue }
export type ShorthandObject = { [key: string]: ShorthandValue }

export class ShorthandSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly input: string,
    readonly index: number
  ) {
    super(`${detail} at character ${index + 1}`)
    this.name = 'ShorthandSyntaxError'
  }

  /** The CLI's caret display; only for inputs that are safe to echo (never tags). */
  pointer(): string {
    return `${this.input}\n${' '.repeat(this.index)}^`
  }
}

const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/
// The CLI's character classes: a value may not start with space " ' , = [ {; the first value of a
// key continues with anything but " ' , ] }; later list items may not contain " ' , =.
const START = String.raw`!#-&(-+\--<>-Z\\-z|-\uffff`
const FIRST_FOLLOW = String.raw`\s!#-&(-+\--\\^-|~-\uffff`
const SECOND_FOLLOW = String.raw`\s!#-&(-+\--<>-\uffff`
const FIRST_VALUE = new RegExp(`(?:\\\\,|[${START}])(?:\\\\,|[${FIRST_FOLLOW}])*`, 'y')
const SECOND_VALUE = new RegExp(`(?:\\\\,|[${START}])(?:\\\\,|[${SECOND_FOLLOW}])*`, 'y')
const SINGLE_QUOTED = /'(?:\\\\|\\'|[^'])*'/y
const DOUBLE_QUOTED = /"(?:\\\\|\\"|[^"])*"/y

// Parameters are structures of lists of structures at most; anything deeper is a mistake, and
// the parser is recursive, so nesting is cut off long before the stack would be.
const MAX_NESTING = 16

export function parseShorthand(input: string): ShorthandObject {
  return new Parser(input).parameter()
}

class Parser {
  private i = 0
  private depth = 0

  constructor(private readonly s: string) {}

  parameter(): ShorthandObject {
    const params: ShorthandObject = {}
    let [key, value] = this.keyval()
    setOwn(params, key, value)
    while (this.i < this.s.length) {
      const keyStart = this.i
      this.expect(',', true)
      ;[key, value] = this.keyval()
      if (Object.hasOwn(params, key)) {
        throw new ShorthandSyntaxError(
          `second instance of key "${key}" (often a "," where a space should separate two items)`,
          this.s,
          keyStart + 1
        )
      }
      setOwn(params, key, value)
    }
    return params
  }

  private keyval(): [string, ShorthandValue] {
    const key = this.key()
    this.expect('=', true)
    return [key, this.values()]
  }

  private key(): string {
    const start = this.i
    while (!this.eof() && KEY_CHARS.test(this.s[this.i])) this.i++
    return this.s.slice(start, this.i)
  }

  private values(): ShorthandValue {
    if (this.eof()) return ''
    if (this.current() === '[') return this.explicitList()
    if (this.current() === '{') return this.hashLiteral()
    return this.csvValue()
  }

  // foo=bar -> "bar"; foo=bar,baz -> ["bar", "baz"]; foo=bar,baz=1 backtracks to the comma.
  private csvValue(): ShorthandValue {
    const first = this.firstValue()
    this.skipWhitespace()
    if (this.eof() || this.s[this.i] !== ',') return first
    this.expect(',', true)
    const list: string[] = [first]
    for (;;) {
      try {
        const current = this.secondValue()
        this.skipWhitespace()
        if (this.eof()) {
          list.push(current)
          break
        }
        this.expect(',', true)
        list.push(current)
      } catch (error) {
        if (!(error instanceof ShorthandSyntaxError) || this.eof()) throw error
        this.backtrackTo(',')
        break
      }
    }
    return list.length === 1 ? first : list
  }

  private explicitList(): ShorthandValue[] {
    this.enter()
    this.expect('[', true)
    const values: ShorthandValue[] = []
    while (this.current() !== ']') {
      values.push(this.explicitValue())
      this.skipWhitespace()
      if (this.current() !== ']') {
        this.expect(',')
        this.skipWhitespace()
      }
    }
    this.expect(']')
    this.depth--
    return values
  }

  private hashLiteral(): ShorthandObject {
    this.enter()
    this.expect('{', true)
    const object: ShorthandObject = {}
    while (this.current() !== '}') {
      const key = this.key()
      this.expect('=', true)
      const value = this.explicitValue()
      this.skipWhitespace()
      if (this.current() !== '}') {
        this.expect(',')
        this.skipWhitespace()
      }
      setOwn(object, key, value)
    }
    this.expect('}')
    this.depth--
    return object
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING)
      throw new ShorthandSyntaxError(`nesting deeper than ${MAX_NESTING} levels`, this.s, this.i)
  }

  private explicitValue(): ShorthandValue {
    if (this.current() === '[') return this.explicitList()
    if (this.current() === '{') return this.hashLiteral()
    return this.firstValue()
  }

  private firstValue(): string {
    const quoted = this.quoted()
    if (quoted !== undefined) return quoted
    const match = this.match(FIRST_VALUE)
    return match === undefined ? '' : unescapeCommas(match)
  }

  private secondValue(): string {
    const quoted = this.quoted()
    if (quoted !== undefined) return quoted
    const match = this.match(SECOND_VALUE)
    if (match === undefined) throw this.syntaxError('a value')
    return unescapeCommas(match)
  }

  private quoted(): string | undefined {
    const quote = this.current()
    if (quote !== "'" && quote !== '"') return undefined
    const raw = this.match(quote === "'" ? SINGLE_QUOTED : DOUBLE_QUOTED)
    if (raw === undefined) throw this.syntaxError(`a closing ${quote}`, 'end of input')
    return raw.slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\')
  }

  private match(regex: RegExp): string | undefined {
    regex.lastIndex = this.i
    const found = regex.exec(this.s)
    if (!found) return undefined
    this.i += found[0].length
    return found[0]
  }

  private expect(char: string, skipWhitespace = false): void {
    if (skipWhitespace) this.skipWhitespace()
    if (this.s[this.i] !== char) throw this.syntaxError(`'${char}'`)
    this.i++
    if (skipWhitespace) this.skipWhitespace()
  }

  private syntaxError(
    expected: string,
    received = this.eof() ? 'end of input' : `'${this.s[this.i]}'`
  ): ShorthandSyntaxError {
    return new ShorthandSyntaxError(`expected ${expected}, received ${received}`, this.s, this.i)
  }

  private backtrackTo(char: string): void {
    while (this.i >= 0 && this.s[this.i] !== char) this.i--
  }

  private skipWhitespace(): void {
    while (!this.eof() && /\s/.test(this.s[this.i])) this.i++
  }

  private current(): string | undefined {
    return this.s[this.i]
  }

  private eof(): boolean {
    return this.i >= this.s.length
  }
}

// An own property even for "__proto__", which plain assignment would turn into the prototype.
function setOwn(object: ShorthandObject, key: string, value: ShorthandValue): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true
  })
}

function unescapeCommas(value: string): string {
  return value.replaceAll('\\,', ',').trimEnd()
}

/**
 * Splits a list input into items the way a shell splits `--tags a b` into argv items, but keeps
 * quotes (the shorthand parser needs them to protect commas) and brackets together.
 */
export function splitListItems(input: string): string[] {
  const items: string[] = []
  let current = ''
  let quote: string | undefined
  let depth = 0
  for (let i = 0; i < input.length; i++) {
    const c = input[i]
    if (quote) {
      if (c === '\\' && i + 1 < input.length) {
        current += c + input[++i]
        continue
      }
      if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '[' || c === '{') {
      depth++
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--
    } else if (/\s/.test(c) && depth === 0) {
      if (current) items.push(current)
      current = ''
      continue
    }
    current += c
  }
  if (current) items.push(current)
  return items
}
