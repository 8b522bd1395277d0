import { useEffect, useState } from 'react';
import { Box, Button, TextField, makeStyles, Theme } from '@material-ui/core';
import { Autocomplete } from '@material-ui/lab';
import useDebounce from 'react-use/esm/useDebounce';
import { CONTROL_FAMILIES, SEVERITIES } from '@pbc-portal/pbc-domain';
import { DashboardQuery, hasFilters } from './queryState';
import { shortRef, toEntityRef } from '../shared/format';

const useStyles = makeStyles((theme: Theme) => ({
  root: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
}));

/** A multi-value picker over entity refs; typed names are accepted too. */
function RefPicker(props: {
  label: string;
  kind: string;
  options: string[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const { label, kind, options, value, onChange } = props;
  return (
    <Autocomplete
      multiple
      freeSolo
      size="small"
      options={options}
      value={value}
      getOptionLabel={shortRef}
      onChange={(_, next) =>
        onChange(
          Array.from(
            new Set((next as string[]).map(v => toEntityRef(v, kind))),
          ),
        )
      }
      renderInput={params => (
        <TextField {...params} variant="outlined" label={label} />
      )}
    />
  );
}

/** A multi-value picker over a fixed list. */
function ListPicker<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
}) {
  const { label, options, value, onChange } = props;
  return (
    <Autocomplete
      multiple
      size="small"
      options={options as T[]}
      value={value}
      onChange={(_, next) => onChange(next as T[])}
      renderInput={params => (
        <TextField {...params} variant="outlined" label={label} />
      )}
    />
  );
}

/** Owner, system, severity, family and free-text search. */
export function Filters(props: {
  query: DashboardQuery;
  onChange: (change: Partial<DashboardQuery>) => void;
  ownerOptions: string[];
  systemOptions: string[];
}) {
  const { query, onChange, ownerOptions, systemOptions } = props;
  const classes = useStyles();
  const [search, setSearch] = useState(query.search);

  // The URL may change under us (clear filters, back button).
  useEffect(() => setSearch(query.search), [query.search]);
  useDebounce(
    () => {
      if (search !== query.search) onChange({ search });
    },
    300,
    [search],
  );

  return (
    <Box className={classes.root} role="search" aria-label="Filter PBCs">
      <TextField
        variant="outlined"
        size="small"
        label="Search PBCs"
        value={search}
        onChange={e => setSearch(e.target.value)}
        inputProps={{ 'aria-label': 'Search PBCs' }}
      />
      <RefPicker
        label="Owner"
        kind="group"
        options={ownerOptions}
        value={query.owner}
        onChange={owner => onChange({ owner })}
      />
      <RefPicker
        label="System"
        kind="system"
        options={systemOptions}
        value={query.system}
        onChange={system => onChange({ system })}
      />
      <ListPicker
        label="Failing severity"
        options={SEVERITIES}
        value={query.severity}
        onChange={severity => onChange({ severity })}
      />
      <ListPicker
        label="Failing family"
        options={CONTROL_FAMILIES}
        value={query.family}
        onChange={family => onChange({ family })}
      />
      {hasFilters(query) && (
        <Box>
          <Button
            onClick={() =>
              onChange({
                owner: [],
                system: [],
                severity: [],
                family: [],
                search: '',
              })
            }
          >
            Clear filters
          </Button>
        </Box>
      )}
    </Box>
  );
}
