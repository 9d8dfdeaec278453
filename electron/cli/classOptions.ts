import { FaultlineError } from '../../shared/contract/errors.js';
import type { ClassAreaBounds } from '../../shared/mining/miningParams.js';

interface NamedClass {
  id: number;
  name: string;
}

/** A class as a user types it: its name (any case) or its id. */
export function resolveClass(text: string, classes: readonly NamedClass[], option: string): number {
  const wanted = text.trim();
  const byName = classes.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (byName) return byName.id;
  if (/^\d+$/.test(wanted) && classes.some((c) => c.id === Number(wanted))) return Number(wanted);
  const known = classes.map((c) => `${c.name} (${c.id})`).join(', ');
  throw new FaultlineError('invalid_input', `${option}: the project has no class "${wanted}"; its classes are ${known}.`);
}

/** An area share as a fraction (0.05) or a percentage (5%). */
export function parseShare(text: string, option: string): number {
  const percent = text.trim().endsWith('%');
  const value = Number(percent ? text.trim().slice(0, -1) : text.trim());
  const fraction = percent ? value / 100 : value;
  if (text.trim() === '' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new FaultlineError('invalid_input', `${option}: "${text}" is not an area share; write a fraction from 0 to 1 (0.05) or a percentage (5%).`);
  }
  return fraction;
}

/** `--bounds CLASS=LO:HI,…`: the typical area of each named class, as the Mining view's custom bounds. */
export function parseBoundsOption(text: string, classes: readonly NamedClass[]): ClassAreaBounds[] {
  const bounds: ClassAreaBounds[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const match = /^([^=]+)=([^:]*):([^:]*)$/.exec(part.trim());
    if (!match) throw new FaultlineError('invalid_input', `--bounds: "${part.trim()}" is not CLASS=LO:HI (for example person=5%:40%).`);
    const classId = resolveClass(match[1]!, classes, '--bounds');
    const min = parseShare(match[2]!, '--bounds');
    const max = parseShare(match[3]!, '--bounds');
    if (min > max) throw new FaultlineError('invalid_input', `--bounds: for ${match[1]!.trim()} the lower bound ${match[2]} exceeds the upper ${match[3]}.`);
    if (bounds.some((b) => b.classId === classId)) throw new FaultlineError('invalid_input', `--bounds: ${match[1]!.trim()} is given twice.`);
    bounds.push({ classId, min, max });
  }
  if (bounds.length === 0) throw new FaultlineError('invalid_input', '--bounds: give at least one CLASS=LO:HI.');
  return bounds;
}
