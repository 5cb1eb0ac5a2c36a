import './public.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicApp } from './public-app';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from public.html');

createRoot(container).render(
  <StrictMode>
    <PublicApp />
  </StrictMode>,
);
