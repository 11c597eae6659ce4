import type { QualityCheck, SchoolCheck } from '../models/quality-check';

// The API answers a school its reduced view of a quality check and everyone else the whole
// check; the pages tell the two apart by the questions only the whole check has.

export type AnyCheck = QualityCheck | SchoolCheck;

export const isWholeCheck = (check: AnyCheck): check is QualityCheck => 'questions' in check;

export const isSchoolView = (check: AnyCheck): check is SchoolCheck => !isWholeCheck(check);
