import type { en } from './en.js';

/** CLDR plural categories a catalogue may give (`other` is always required). */
export interface PluralText {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** A message key: every key of the English catalogue. */
export type MessageKey = keyof typeof en;

/** Keys whose text is a plural. */
export type PluralKey = { [K in MessageKey]: (typeof en)[K] extends string ? never : K }[MessageKey];

/** Keys whose text is a single string. */
export type TextKey = Exclude<MessageKey, PluralKey>;

/** The shape every catalogue has: the English keys, each a string or a plural like its English text. */
export type Catalogue = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : PluralText };
