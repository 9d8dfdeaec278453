import { DEMO_CLASSES, DemoClass } from '../../../models/demo/classes.js';
import { renderScene } from '../../../models/demo/scenes/renderScene.js';
import type { ConditionTag } from '../../../models/demo/scenes/sceneConditions.js';
import { generateScene } from '../../../models/demo/scenes/streetScene.js';
import { DEMO_IMAGE_SIZE } from '../../../models/demo/worldLayout.js';
import { deriveSeed } from '../../../models/random.js';
import type { Contrast } from '../../../shared/slices/attributeContrasts.js';
import type { GeneratedImage, GenerateDescription, GenerateRequest, GeneratorPlanAnswer, SliceGenerator } from '../../../shared/slices/generator.js';
import type { Db } from '../store/openProjectDb.js';
import { listClasses } from '../store/classes.js';

export const DEMO_GENERATOR_ID = 'demo-scenes';

/** Scenes tried per image asked for before giving up (the rarest single condition comes up in about 1 scene in 10). */
const TRIES_PER_IMAGE = 400;
/** A medium effect (Cohen's d) or more before a contrast sets a scene parameter. */
const EFFECT = 0.8;
/** Demo night scenes average a brightness near 0.15, dusk near 0.25, daylight near 0.42. */
const NIGHT_BRIGHTNESS = 0.2;

/** The demo generator draws the demo world's classes; it can only serve a project with those same class ids and names. */
export function demoGeneratorFits(db: Db): boolean {
  const classes = listClasses(db);
  return classes.length === DEMO_CLASSES.length && DEMO_CLASSES.every((c, i) => classes[i]?.id === c.id && classes[i]?.name === c.name);
}

function effectOf(contrasts: readonly Contrast[], key: string): { effect: number; inside: number } | null {
  const c = contrasts.find((x) => x.kind === 'numeric' && x.key === key);
  return c ? { effect: c.effect, inside: c.inside } : null;
}

/**
 * Scene conditions from a slice description: darker → night (or dusk when only somewhat dark),
 * paler and washed out (less colourful, or brighter) → fog, more vehicles or people by area in
 * the reference masks → odd object sizes (predicted areas are left alone: they partly are the
 * failure). The thresholds follow how the demo world renders each condition.
 */
export function demoSceneTags(contrasts: readonly Contrast[]): ConditionTag[] {
  const tags: ConditionTag[] = [];
  const brightness = effectOf(contrasts, 'brightness');
  const colourfulness = effectOf(contrasts, 'colourfulness');
  if (brightness && brightness.effect <= -EFFECT) tags.push(brightness.inside < NIGHT_BRIGHTNESS ? 'night' : 'dusk');
  else if ((colourfulness && colourfulness.effect <= -EFFECT) || (brightness && brightness.effect >= EFFECT)) tags.push('fog');
  const vehicles = effectOf(contrasts, `area:${DemoClass.vehicle}`);
  const people = effectOf(contrasts, `area:${DemoClass.person}`);
  if ((vehicles && vehicles.effect >= EFFECT) || (people && people.effect >= EFFECT)) tags.push('oddSize');
  return tags;
}

const UNUSUAL: readonly ConditionTag[] = ['dusk', 'night', 'fog', 'hue', 'oddSize', 'tilted'];

/**
 * The built-in generator: the demo world's procedural street scenes, with the conditions a slice
 * description maps to. Scenes are drawn from the pool's condition mix and kept when they carry
 * exactly the wanted conditions ('slice') or none of them ('control'), so both batches differ
 * only in what the description names. Masks come with every scene.
 */
export class DemoSceneGenerator implements SliceGenerator {
  readonly id = DEMO_GENERATOR_ID;
  readonly label = 'Demo world scenes';

  async plan(description: GenerateDescription): Promise<GeneratorPlanAnswer> {
    const tags = demoSceneTags(description.contrasts);
    if (tags.length === 0) {
      return { ok: false, reason: 'The description names nothing the demo scene generator can set (it sets darkness, fog and object size from brightness, colourfulness and class areas).' };
    }
    return { ok: true, summary: `demo street scenes with ${tags.join(' + ')}` };
  }

  async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GeneratedImage[]> {
    const wanted = demoSceneTags(request.description.contrasts);
    if (wanted.length === 0) throw new Error('the description maps to no scene condition');
    const { width, height } = DEMO_IMAGE_SIZE;
    const accept = (tags: readonly string[]): boolean =>
      request.role === 'slice'
        ? wanted.every((t) => tags.includes(t)) && tags.every((t) => wanted.includes(t as ConditionTag) || !UNUSUAL.includes(t as ConditionTag))
        : wanted.every((t) => !tags.includes(t));
    const scenes = [];
    for (let attempt = 0; scenes.length < request.count; attempt++) {
      if (attempt >= TRIES_PER_IMAGE * request.count) throw new Error(`the demo world rarely draws ${wanted.join(' + ')} scenes; found ${scenes.length} of ${request.count}`);
      const scene = generateScene(deriveSeed(request.seed, request.role === 'slice' ? 1 : 2, attempt), 'pool', width, height);
      if (accept(scene.conditions.tags)) scenes.push(scene);
    }
    const images: GeneratedImage[] = [];
    for (const scene of scenes) {
      signal?.throwIfAborted();
      const rendered = await renderScene(scene);
      images.push({
        width,
        height,
        rgb: rendered.rgb,
        mask: rendered.mask,
        params: { timeOfDay: scene.conditions.timeOfDay, fogDensity: scene.conditions.fogDensity, conditions: scene.conditions.tags.join(' ') || 'none' },
      });
    }
    return images;
  }
}
