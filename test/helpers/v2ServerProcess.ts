/**
 * The loopback protocol server as a process of its own, as a replica runs beside Faultline:
 * `tsx test/helpers/v2ServerProcess.ts MODEL.onnx NAME [THREADS]`; prints `{"url": …}` on one
 * line when it listens, and its peak RSS and the CPU time it spent serving (`{"peakRssMb": …,
 * "cpuMs": …}`, CPU counted from the first line on) when its stdin closes.
 */
import { readFileSync } from 'node:fs';
import { V2TestServer } from './v2TestServer.js';

const [modelPath, name, threads] = process.argv.slice(2);
if (!modelPath || !name) throw new Error('usage: v2ServerProcess.ts MODEL.onnx NAME [THREADS]');
const server = await V2TestServer.start({ models: [{ name, version: '1', bytes: readFileSync(modelPath) }], threads: Number(threads ?? 1) });
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
const cpuAtListen = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuAtListen);
  process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(peak / 2 ** 20), cpuMs: Math.round((cpu.user + cpu.system) / 1000) })}\n`);
  void server.close().then(() => process.exit(0));
});
