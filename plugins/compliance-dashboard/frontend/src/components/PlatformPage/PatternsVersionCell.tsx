import { Box, Chip, Typography } from '@material-ui/core';
import {
  isPatternsVersionBehind,
  PATTERNS_VERSION,
} from '@pbc-portal/pbc-domain';

/**
 * The patterns version a PBC was rendered with, and a "behind" chip when the current patterns
 * are newer. `known` is false while the catalog has not answered (or there is no catalog).
 */
export function PatternsVersionCell(props: {
  known: boolean;
  version: string | undefined;
}) {
  if (!props.known) return <>—</>;
  const behind = isPatternsVersionBehind(props.version);
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap">
      <Typography variant="body2" component="span">
        {props.version ?? 'unknown'}
      </Typography>
      {behind && (
        <Box ml={1} component="span">
          <Chip
            size="small"
            color="secondary"
            label="behind"
            title={`Rendered with patterns ${
              props.version ?? '(not recorded)'
            }; the current patterns are ${PATTERNS_VERSION}. Re-render it from its page.`}
          />
        </Box>
      )}
    </Box>
  );
}
