import { main } from '../../src/main/cli/ekyc';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ekyc ARGS` in this process, capturing what it prints. */
export async function runEkyc(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) });
  return { code, stdout, stderr };
}
