// `app.packages: all` loads the default export of `.` (the plugin) and of `./alpha`: this
// module is how an app discovers the Mermaid addon without naming it.
import { techDocsMermaidModule } from './techdocsModule';

export default techDocsMermaidModule;
export { techDocsMermaidModule, mermaidAddon } from './techdocsModule';
