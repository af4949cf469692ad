/** The time source (production: the wall clock; tests inject a fixed or moving one). Owned by libs/org. */
export { type Clock, systemClock } from '@kyso/org';
