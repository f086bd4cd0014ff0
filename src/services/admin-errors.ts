/** A rule broken by an admin action (CLI or admin API); its message is shown as is. The API answers 400. */
export class AdminInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminInputError';
  }
}

/** An admin action named a client, user or scope that does not exist. The API answers 404. */
export class AdminNotFoundError extends AdminInputError {
  constructor(message: string) {
    super(message);
    this.name = 'AdminNotFoundError';
  }
}

/** An admin action conflicts with what is stored (a taken name, a scope still in use). The API answers 409. */
export class AdminConflictError extends AdminInputError {
  constructor(message: string) {
    super(message);
    this.name = 'AdminConflictError';
  }
}
