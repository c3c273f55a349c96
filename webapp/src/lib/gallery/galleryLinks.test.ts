import { describe, expect, it } from 'vitest';
import { GalleryLinks } from './galleryLinks.ts';

const id = '0000000000abcdefghij';

describe('GalleryLinks', () => {
  it('points at the SFU with the page token, encoded', () => {
    const links = new GalleryLinks('https://192.168.1.20:8443/', 'abc.d+e/f=');
    expect(links.thumbnail(id)).toBe(`https://192.168.1.20:8443/gallery/${id}/thumbnail?token=abc.d%2Be%2Ff%3D`);
    expect(links.file(id)).toBe(`https://192.168.1.20:8443/gallery/${id}/file?token=abc.d%2Be%2Ff%3D`);
  });

  it('asks for an attachment for downloads', () => {
    expect(new GalleryLinks('https://h:1', 't').download(id)).toBe(`https://h:1/gallery/${id}/file?download=1&token=t`);
  });

  it('leaves the token out when the page has none', () => {
    expect(new GalleryLinks('https://h:1', null).file(id)).toBe(`https://h:1/gallery/${id}/file`);
  });
});
