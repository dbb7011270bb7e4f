/** The form, zod-free: the default 反馈与投诉 form, field visibility and answer validation. */
export { DEFAULT_FORM } from './default-form';
export { CATEGORY_FIELD, SUBTYPES_FIELD, DESCRIPTION_FIELD } from './fields';
export { isFieldVisible, settleAnswers, visibleFields, visibleOptions, type AnswerLookup } from './visibility';
export {
  validateAnswers,
  FIELD_ERROR_CODES,
  type FieldError,
  type FieldErrorCode,
  type AnswersInput,
  type CleanAnswers,
  type ValidationResult,
} from './validate';
export type * from './types';
