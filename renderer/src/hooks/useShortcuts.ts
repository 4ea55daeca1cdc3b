import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { SECTIONS } from '../components/NavRail';

/**
 * App-wide keys: Alt+1…4 switch sections, Ctrl/Cmd+K searches contacts, Esc dismisses toasts.
 * Returns nothing; `onSearch` is told when the contacts search should take focus.
 */
export function useShortcuts(onSearch: () => void, onEscape: () => void): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        void navigate('/contacts');
        onSearch();
      } else if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const section = SECTIONS.find((s) => s.key === e.key || `Digit${s.key}` === e.code);
        if (section) {
          e.preventDefault();
          void navigate(section.to);
        }
      } else if (e.key === 'Escape') {
        onEscape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [navigate, onSearch, onEscape]);
}
