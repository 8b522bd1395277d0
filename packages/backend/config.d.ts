export interface Config {
  pbcPortal?: {
    permissions?: {
      /** Group entity refs whose members see every PBC's compliance data and may refresh it. Default: group:default/platform-team. */
      platformGroups?: string[];
    };
  };
}
