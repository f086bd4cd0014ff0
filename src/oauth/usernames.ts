/** Usernames are compared case-insensitively after NFKC normalisation, the same on SQLite, MySQL and PostgreSQL. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** 1–191 printable characters, no control characters or spaces inside. */
export function isValidUsername(normalised: string): boolean {
  return normalised.length >= 1 && normalised.length <= 191 && !/[\s\p{Cc}]/u.test(normalised);
}
