import { AnchorHTMLAttributes, useEffect, useState } from 'react';
import { href, Location, parseHash } from '../router';

export function useLocation(): Location {
  const [loc, setLoc] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setLoc(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return loc;
}

export function navigate(path: string, query: Record<string, string | undefined> = {}, replace = false) {
  const target = href(path, query);
  if (replace) window.history.replaceState(null, '', target);
  else window.location.hash = target.slice(1);
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; query?: Record<string, string | undefined> };

export function Link({ to, query, ...rest }: LinkProps) {
  return <a href={href(to, query)} {...rest} />;
}
