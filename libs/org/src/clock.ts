/** The time source the domain services use. Production passes the wall clock; tests pass a fixed or moving one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
