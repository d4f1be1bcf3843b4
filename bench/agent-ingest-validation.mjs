#!/usr/bin/env node
// Validation cost of one 50-container (~67 KB) report, per step, in one process: what the
// ingest route does (JSON.parse, the ajv function compiled from AgentReportDto, masking and
// JSON.stringify) against what the global ValidationPipe would have done with the same DTO
// (class-transformer + class-validator). Reads the built server (npm run build:server).
//   node bench/agent-ingest-validation.mjs        (ARCHNEST_DIST=... for another build folder)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { benchReport } from './agent-ingest-fixtures.mjs';

const require = createRequire(import.meta.url);
const dist = process.env.ARCHNEST_DIST ?? resolve(import.meta.dirname, '..', 'dist', 'server');
if (!existsSync(`${dist}/agent-ingest/agent-report.pipe.js`)) throw new Error(`${dist} has no build: run \`npm run build:server\` first`);
require('reflect-metadata');
const { agentReportValidator } = require(`${dist}/agent-ingest/agent-report.pipe.js`);
const { maskReport } = require(`${dist}/agent-ingest/agent-ingest.service.js`);
const { AgentReportDto } = require(`${dist}/agent-ingest/dto/agent-report.dto.js`);
const { plainToInstance } = require('class-transformer');
const { validateSync } = require('class-validator');

const text = JSON.stringify(benchReport('bench-host'));
const report = JSON.parse(text);
const validator = agentReportValidator();
if (!validator.validate(report).valid) throw new Error('the bench report must be valid');
const pipeOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
if (validateSync(plainToInstance(AgentReportDto, report), pipeOptions).length) throw new Error('class-validator must accept the bench report');

/** Median of several batches, in milliseconds per call. */
function time(fn, calls) {
  for (let i = 0; i < Math.min(calls, 200); i++) fn();
  const batches = [];
  for (let b = 0; b < 7; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn();
    batches.push(Number(process.hrtime.bigint() - start) / calls / 1e6);
  }
  return batches.sort((a, b) => a - b)[3];
}

const rows = [
  ['JSON.parse', time(() => JSON.parse(text), 1000)],
  ['compiled schema (ajv)', time(() => validator.validate(report), 1000)],
  ['maskReport + JSON.stringify', time(() => JSON.stringify(maskReport(report)), 1000)],
  ['class-transformer + class-validator', time(() => validateSync(plainToInstance(AgentReportDto, report), pipeOptions), 50)],
];
console.log(`one report: ${report.containers.length} containers, ${(text.length / 1024).toFixed(1)} KiB`);
for (const [name, ms] of rows) console.log(`  ${name.padEnd(36)} ${ms.toFixed(3)} ms`);
const ajv = rows[1][1];
const classValidator = rows[3][1];
console.log(`class-validator / compiled schema: ${(classValidator / ajv).toFixed(0)}x`);
