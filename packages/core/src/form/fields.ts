/** Field ids triage reads; a custom form that keeps them keeps automatic triage. */
export const CATEGORY_FIELD = 'category';
export const SUBTYPES_FIELD = 'subtypes';
export const DESCRIPTION_FIELD = 'description';
