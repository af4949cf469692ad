/**
 * Sums up the contract check of one test run (./contract.ts): how many answers were checked, on how many
 * routes and (route, status) pairs. Printed at the end of the run and written to data/contract-check/summary.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../certs-test/src/repo-paths';
import type { ContractCheck } from './contract';

export interface ContractSummary {
  responses: number;
  routes: string[];
  statuses: Record<string, number>;
}

export function summarise(lines: string): ContractSummary {
  const checks = lines
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ContractCheck);
  const statuses: Record<string, number> = {};
  for (const c of checks) {
    const key = `${c.method} ${c.route} ${c.status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const routes = [...new Set(checks.map((c) => `${c.method} ${c.route}`))].sort();
  return { responses: checks.length, routes, statuses };
}

/** Points the test workers (through the environment they inherit) at a fresh log for this run. */
export function startContractLog(): { report(): void } {
  const dir = join(repoRoot(), 'data', 'contract-check');
  mkdirSync(dir, { recursive: true });
  const log = join(dir, `run-${process.pid}.jsonl`);
  rmSync(log, { force: true });
  process.env.KYSO_CONTRACT_LOG = log;
  return {
    report() {
      if (!existsSync(log)) return;
      const summary = summarise(readFileSync(log, 'utf8'));
      writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      rmSync(log, { force: true });
      console.log(
        `contract check: ${summary.responses} responses matched the OpenAPI document, ` +
          `${summary.routes.length} routes, ${Object.keys(summary.statuses).length} (route, status) pairs ` +
          `(data/contract-check/summary.json)`,
      );
    },
  };
}
