/** Abbreviations as they appear in symbols: upper-case letters (Vietnamese included) and digits, no separators. */
export const ABBREVIATION_PATTERN = /^[\p{Lu}0-9]{1,30}$/u;

/** Identification code per Decision 20/2020/QD-TTg: groups of 0-9/A-Z separated by dots, at most 35 characters. */
export const ORGANISATION_CODE_PATTERN = /^[0-9A-Z]{1,10}(\.[0-9A-Z]{1,10}){0,6}$/;
export const ORGANISATION_CODE_MAX = 35;
