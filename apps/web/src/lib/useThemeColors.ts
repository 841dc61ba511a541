// Chart colours come from the CSS variables in styles.css (the one place colours are defined),
// read again whenever the system switches between light and dark.
import { useEffect, useState } from 'react';

const NAMES = ['fg', 'muted', 'grid', 'surface', 'c1', 'c2', 'c3', 'c4', 'bid', 'ask'] as const;
export type ThemeColors = Record<(typeof NAMES)[number], string>;

function read(): ThemeColors {
  const css = getComputedStyle(document.documentElement);
  const out = {} as ThemeColors;
  for (const name of NAMES) out[name] = css.getPropertyValue(`--${name}`).trim() || 'currentColor';
  return out;
}

export function useThemeColors(): ThemeColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setColors(read());
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return colors;
}
