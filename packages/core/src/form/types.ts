/**
 * Form types, inferred from the zod schemas at compile time. The imports are type-only,
 * so nothing from zod reaches a bundle that imports `@fankui/core`.
 */
import type { z } from 'zod';
import type * as schema from '../schema/form';

/** A form definition as the SDK reads it (defaults such as `required: false` applied). */
export type FormDefinition = z.output<typeof schema.FormDefinition>;
/** A form definition as an integrator may write it (defaulted properties may be left out). */
export type FormDefinitionInput = z.input<typeof schema.FormDefinition>;
export type FormField = z.output<typeof schema.FormField>;
export type FormOption = z.output<typeof schema.FormOption>;
export type FieldCondition = z.output<typeof schema.FieldCondition>;
export type VisibleWhen = z.output<typeof schema.VisibleWhen>;

/** The field of one kind, e.g. `FieldOfKind<'text'>` has `format`. */
export type FieldOfKind<K extends FormField['kind']> = Extract<FormField, { kind: K }>;
/** The fields answered by picking options. */
export type ChoiceField = FieldOfKind<'select' | 'multiselect' | 'radio'>;

export type AnswerValue = z.output<typeof schema.AnswerValue>;
/** Field id → answer, as a submission carries them. */
export type Answers = z.output<typeof schema.Answers>;
export type ContactInfo = z.output<typeof schema.ContactInfo>;
