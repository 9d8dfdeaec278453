import { z } from 'zod';

/** Wire forms of what slice discovery produces, shared by the contract, stored runs and generators. */

export const ContrastSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), key: z.string(), label: z.string(), inside: z.number(), outside: z.number(), effect: z.number(), phrase: z.string() }),
  z.object({
    kind: z.literal('share'),
    key: z.string(),
    label: z.string(),
    value: z.string(),
    inside: z.number(),
    outside: z.number(),
    effect: z.number(),
    phrase: z.string(),
  }),
]);

/** JSON has no infinity or NaN: an unbounded or undefined end is null. */
export const IntervalSchema = z.object({ estimate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() });
export type IntervalView = z.infer<typeof IntervalSchema>;

export const RateSchema = z.object({ images: z.number().int(), failures: z.number().int(), rate: IntervalSchema });

export const SliceTestSchema = z.object({
  inside: RateSchema,
  outside: RateSchema,
  difference: IntervalSchema,
  ratio: IntervalSchema,
  pValue: z.number(),
  qValue: z.number(),
  confirmed: z.boolean(),
  reasons: z.array(z.string()),
});
export type SliceTestView = z.infer<typeof SliceTestSchema>;
