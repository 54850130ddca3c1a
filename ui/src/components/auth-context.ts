/** The logged-in user, for pages that show or act on it. */
import { createContext, useContext } from 'react';
import type { UserInfo } from '../api/types.js';

export interface AuthContextValue {
  readonly user: UserInfo;
  readonly logout: () => Promise<void>;
}

export const AuthContext = createContext<AuthContextValue | undefined>(undefined);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth: no AuthContext above this component');
  return value;
}
