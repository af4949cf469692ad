import { malformed } from '../cms-error';
import {
  childrenOf,
  DerNode,
  expectSequence,
  expectUniversal,
  rawOf,
  UniversalTag,
} from '../asn1/der-reader';
import { readOid } from '../asn1/der-values';
import { oid, sequence, setOf } from '../asn1/der-writer';

/** A CMS Attribute: its type OID and the DER of each AttributeValue. */
export interface CmsAttribute {
  readonly type: string;
  readonly values: readonly Buffer[];
}

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue } (DER). */
export function encodeAttribute(attribute: CmsAttribute): Buffer {
  if (attribute.values.length === 0) throw malformed(`attribute ${attribute.type} has no value`);
  return sequence(oid(attribute.type), setOf([...attribute.values]));
}

export function parseAttribute(node: DerNode, maxValues = 64): CmsAttribute {
  const [typeNode, valuesNode, extra] = expectSequence(node, 'Attribute', 3);
  if (extra) throw malformed('Attribute: unexpected field');
  const type = readOid(typeNode, 'attrType');
  const values = childrenOf(
    expectUniversal(valuesNode, UniversalTag.Set, `attribute ${type} values`),
    maxValues,
  ).map((v) => Buffer.from(rawOf(v)));
  return { type, values };
}

/** First value of the first attribute of a type, or undefined. */
export function attributeValue(attributes: readonly CmsAttribute[], type: string): Buffer | undefined {
  return attributes.find((a) => a.type === type)?.values[0];
}
