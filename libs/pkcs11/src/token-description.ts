import type { SlotInfo, TokenInfo } from 'pkcs11js';
import { decodeTokenFlags, pinCountersOf, type PinCounters, type TokenFlags } from './token-flags';

/** How a token is chosen. Never by slot id: tokens move to new slot ids (SoftHSM on init, USB on re-plug). */
export type TokenSelector = { readonly label: string } | { readonly serial: string };

export interface TokenDescription {
  /** Decimal CK_SLOT_ID at the time of listing; informative only. */
  readonly slotId: string;
  readonly label: string;
  readonly serial: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly flags: TokenFlags;
  readonly pinCounters: PinCounters;
  readonly minPinLength: number;
  readonly maxPinLength: number;
}

export interface SlotDescription {
  readonly slotId: string;
  readonly description: string;
  readonly manufacturer: string;
  readonly tokenPresent: boolean;
  readonly removableDevice: boolean;
  readonly hardwareSlot: boolean;
  /** Present when a token is in the slot. */
  readonly token?: TokenDescription;
}

const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;
const CKF_HW_SLOT = 0x4;

/** PKCS#11 pads fixed-width strings with blanks (and some modules with NULs). */
export function trimPadded(value: string): string {
  return value.replace(/[\s\0]+$/, '');
}

export function describeToken(slotId: string, info: TokenInfo): TokenDescription {
  const flags = decodeTokenFlags(info.flags);
  return {
    slotId,
    label: trimPadded(info.label),
    serial: trimPadded(info.serialNumber),
    manufacturer: trimPadded(info.manufacturerID),
    model: trimPadded(info.model),
    flags,
    pinCounters: pinCountersOf(flags),
    minPinLength: info.minPinLen,
    maxPinLength: info.maxPinLen,
  };
}

export function describeSlot(slotId: string, info: SlotInfo, token?: TokenDescription): SlotDescription {
  return {
    slotId,
    description: trimPadded(info.slotDescription),
    manufacturer: trimPadded(info.manufacturerID),
    tokenPresent: (info.flags & CKF_TOKEN_PRESENT) !== 0,
    removableDevice: (info.flags & CKF_REMOVABLE_DEVICE) !== 0,
    hardwareSlot: (info.flags & CKF_HW_SLOT) !== 0,
    ...(token ? { token } : {}),
  };
}

export function describeSelector(selector: TokenSelector): string {
  return 'label' in selector ? `"${selector.label}"` : `serial ${selector.serial}`;
}

export function matchesSelector(token: TokenDescription, selector: TokenSelector): boolean {
  return 'label' in selector
    ? token.label === selector.label.trim()
    : token.serial === selector.serial.trim();
}
