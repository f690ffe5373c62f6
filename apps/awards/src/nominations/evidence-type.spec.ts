import { sniffEvidence } from './evidence-type';

describe('evidence files', () => {
  it('recognises a complete PDF and the three image types from their bytes', () => {
    expect(sniffEvidence(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1'))?.mime).toBe('application/pdf');
    expect(sniffEvidence(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]))?.ext).toBe('jpg');
    expect(sniffEvidence(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))?.ext).toBe('png');
    expect(sniffEvidence(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))?.ext).toBe('webp');
  });

  it('refuses a cut-off PDF, HTML named .pdf, an executable and an empty file', () => {
    expect(sniffEvidence(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1'))).toBeNull();
    expect(sniffEvidence(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(sniffEvidence(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00', 'latin1'))).toBeNull();
    expect(sniffEvidence(Buffer.alloc(0))).toBeNull();
  });
});
