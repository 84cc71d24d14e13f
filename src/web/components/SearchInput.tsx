// A search box that reports after the user pauses typing (and at once on Enter).
import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';

export function SearchInput({ value, onChange, placeholder, label, autoFocus, 'data-testid': testId, maw, grow }: { value: string; onChange: (v: string) => void; placeholder: string; label?: string; autoFocus?: boolean; 'data-testid'?: string; maw?: number | string; grow?: boolean }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const report = useDebouncedCallback((v: string) => onChange(v.trim()), 400);
  return (
    <TextInput
      inputMode="search"
      value={text}
      label={label}
      aria-label={label ? undefined : placeholder}
      placeholder={placeholder}
      leftSection={<IconSearch size={18} />}
      rightSection={text ? <CloseButton aria-label="Xóa ô tìm kiếm" onClick={() => { setText(''); onChange(''); }} /> : null}
      onChange={(e) => {
        setText(e.currentTarget.value);
        report(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          report.cancel();
          onChange(text.trim());
        }
      }}
      autoFocus={autoFocus}
      enterKeyHint="search"
      data-testid={testId}
      style={grow ? { flex: '1 1 260px' } : undefined}
      maw={maw}
    />
  );
}
