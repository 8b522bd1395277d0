export { MermaidDiagrams } from './MermaidDiagrams';
