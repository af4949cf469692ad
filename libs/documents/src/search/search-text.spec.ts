import { describe, expect, it } from 'vitest';
import { buildSearchText, escapeLike, normaliseForSearch, searchTerms } from './search-text';

describe('normaliseForSearch', () => {
  it('drops Vietnamese diacritics and case', () => {
    expect(normaliseForSearch('Quyết định')).toBe('quyet dinh');
    expect(normaliseForSearch('ĐỀ ÁN phát triển Đường')).toBe('de an phat trien duong');
    expect(normaliseForSearch('Thượng khẩn, Hỏa tốc, Tuyệt mật')).toBe('thuong khan, hoa toc, tuyet mat');
  });

  it('gives the same result for composed and decomposed input', () => {
    const composed = 'Ủy ban nhân dân';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(normaliseForSearch(decomposed)).toBe(normaliseForSearch(composed));
    expect(normaliseForSearch(composed)).toBe('uy ban nhan dan');
  });

  it('keeps number/symbol punctuation so that `05/qd-ubnd` is findable', () => {
    expect(buildSearchText(['Về việc X', '05/QĐ-UBND', null, 'Nguyễn Văn A'])).toContain('05/qd-ubnd');
  });
});

describe('searchTerms', () => {
  it('splits, normalises and de-duplicates', () => {
    expect(searchTerms('  Quyết   quyet ĐỊNH ')).toEqual(['quyet', 'dinh']);
  });
  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
