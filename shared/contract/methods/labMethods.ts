import { z } from 'zod';
import { Person, PersonRole } from '../domain.js';
import { Ok, method } from '../method.js';

const Id = z.number().int().positive();
const PersonName = z.string().trim().min(1).max(100);
/** Sign-ins last this long unless the admin says otherwise; a lab term is a few months. */
const ExpiresInDays = z.number().int().min(1).max(3650).default(90);

/** Who a call acts as: the desktop's (or the server operator's) single admin, or one signed-in person. */
export const Caller = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('person'), person: Person }),
]);
export type Caller = z.infer<typeof Caller>;

/** A person's sign-in token: shown once, stored only as a hash. */
export const SignIn = z.object({
  person: Person,
  token: z.string(),
  expiresAt: z.string(),
});
export type SignIn = z.infer<typeof SignIn>;

export const PersonAccount = Person.extend({
  /** When their sign-in expires; null when they have none (never given, or removed). */
  signInExpiresAt: z.string().nullable(),
});
export type PersonAccount = z.infer<typeof PersonAccount>;

/** One image handed to one person; others are given other images until it is released or expires. */
export const Lease = z.object({
  imageId: z.number().int().nullable(),
  /** When the lease lapses unless renewed by working on the image (ISO time); null with no image. */
  expiresAt: z.string().nullable(),
});
export type Lease = z.infer<typeof Lease>;

/** People on a lab server: their sign-ins, and who works on which image. */
export const labMethods = {
  'lab.me': method(z.object({}).strict(), Caller, 'Who this connection acts as: the local admin, or the signed-in person with their roles.'),
  'people.accounts': method(
    z.object({}).strict(),
    z.array(PersonAccount),
    'Every person with their roles and when their sign-in expires (null: no sign-in).',
  ),
  'people.add': method(
    z.object({ name: PersonName, roles: z.array(PersonRole).min(1), expiresInDays: ExpiresInDays }).strict(),
    SignIn,
    'Add a person with roles (or give an existing one these roles) and a new sign-in token, replacing any earlier one.',
  ),
  'people.link': method(
    z.object({ name: PersonName, expiresInDays: ExpiresInDays }).strict(),
    SignIn,
    'Give a person a new sign-in token; their earlier one stops working.',
  ),
  'people.remove': method(
    z.object({ name: PersonName }).strict(),
    Person,
    'Take a person’s roles and sign-in away; their ratings, masks and reviews stay theirs.',
  ),
  'rating.claim': method(
    z.object({ setId: Id, imageId: Id.optional() }).strict(),
    Lease,
    'Lease an image of a rating set to the caller: the given one, or the next in rank order they have not rated and nobody else holds.',
  ),
  'rating.release': method(z.object({ setId: Id, imageId: Id }).strict(), Ok, 'Give back the caller’s lease on an image of a rating set.'),
  'annotations.claim': method(
    z.object({ imageId: Id.optional(), testSetId: Id.optional() }).strict(),
    Lease,
    'Lease an image to label to the caller: the given one, or the next unlabelled one (of a set) nobody else holds.',
  ),
  'annotations.release': method(z.object({ imageId: Id }).strict(), Ok, 'Give back the caller’s lease on an image to label.'),
} as const;
