import { useEffect } from 'react';
import { useTheme } from '@material-ui/core/styles';
import { useShadowRootElements } from '@backstage/plugin-techdocs-react';
import { MERMAID_SELECTOR, renderDiagrams } from './renderDiagrams';

/**
 * TechDocs addon (location Content): renders the page's ```mermaid blocks as SVG diagrams
 * in the Mermaid theme that matches the Backstage theme. Renders nothing itself.
 */
export function MermaidDiagrams() {
  const elements = useShadowRootElements<HTMLElement>([MERMAID_SELECTOR]);
  const theme = useTheme();
  const mermaidTheme = theme.palette.type === 'dark' ? 'dark' : 'default';
  const fontFamily = theme.typography.fontFamily;

  useEffect(() => {
    // Already rendered elements are skipped, so running on every render is cheap.
    renderDiagrams(elements, mermaidTheme, { fontFamily });
  }, [elements, mermaidTheme, fontFamily]);

  return null;
}
