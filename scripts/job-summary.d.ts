export function jobSummaryRun(o?: {
  node?: string
}): Promise<{ summary: string; exitCode: number | null; stdout: string }>
export function stableSummary(html: string): string
