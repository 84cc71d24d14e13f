// Draws its children only once their place comes near the screen (IntersectionObserver): a
// chart below the fold loads its library and draws only when the reader scrolls to it. Until
// then a placeholder of the same height holds the place (nothing moves when it arrives).
import { useEffect, useRef, useState, type ReactNode } from 'react';

export function WhenVisible({ height, children, placeholder }: { height: number; children: ReactNode; placeholder?: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (seen || !box.current) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        observer.disconnect();
      }
    }, { rootMargin: '200px 0px' });
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [seen]);
  if (seen) return <>{children}</>;
  return <div ref={box} style={{ minHeight: height }}>{placeholder}</div>;
}
