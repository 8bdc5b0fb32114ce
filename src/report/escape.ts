// Text from outside (the service's answers, the inputs) made inert where it is shown: in the log,
// where a line could start a workflow command, and in the job summary, where it could end the
// HTML table and start markdown of its own. Pure.

// C0 and C1 control characters other than tab and newline: ESC drives the log viewer's colours,
// NEL (U+0085) is whitespace to the runner but not to JavaScript's \s.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * Log text that cannot start a workflow command. The runner reads a line as a command when it
 * starts with "::" after leading whitespace, or holds the legacy "##[" anywhere; a zero-width
 * space between the two characters keeps the text readable and the command unparsed. A bare CR
 * ends a line for the runner too, so it becomes a newline first.
 */
export function escapeLog(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, visible)
    .replace(/^([^\S\n]*):(?=:)/gm, '$1:\u200b')
    .replaceAll('##[', '##\u200b[')
}

const SUMMARY_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;'
}

/**
 * Text for a cell, attribute or paragraph of the job summary. The summary is markdown whose
 * blocks here are HTML: markdown inside stays text until a blank line ends the block, so line
 * endings become <br> and HTML's own characters become entities (pipes too, should the text ever
 * land in a markdown table).
 */
export function escapeSummary(text: string): string {
  return text
    .replace(/[&<>"'|]/g, (c) => SUMMARY_ENTITIES[c])
    .replace(/\r\n?|\n/g, '<br>')
    .replace(CONTROL, visible)
}
