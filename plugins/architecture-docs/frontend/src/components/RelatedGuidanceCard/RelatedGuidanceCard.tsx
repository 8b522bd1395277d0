import { InfoCard, Link } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { PBC_ANNOTATION } from '@pbc-portal/pbc-domain';
import { articleUrl } from '../../guidance/learningPath';
import { relatedGuidanceForEntity } from '../../guidance/relatedGuidance';
import { useSeriesDocsUrl } from '../../hooks/useSeriesDocsUrl';

/**
 * The articles of the architecture series that matter to the PBC on the current entity
 * page, each with why, chosen from its spec annotations.
 */
export function RelatedGuidanceCard() {
  const { entity } = useEntity();
  const guidance = relatedGuidanceForEntity(entity);
  const docsUrl = useSeriesDocsUrl();

  if (guidance.length === 0) {
    return <MissingAnnotationEmptyState annotation={PBC_ANNOTATION} />;
  }

  return (
    <InfoCard
      title="Related guidance"
      subheader="Articles of the architecture series that apply to this PBC"
      noPadding
    >
      <List dense>
        {guidance.map(({ article, reason }) => (
          <ListItem key={article.slug}>
            <ListItemText
              primary={
                docsUrl ? (
                  <Link to={articleUrl(article.slug, docsUrl)}>
                    {article.number}. {article.title}
                  </Link>
                ) : (
                  `${article.number}. ${article.title}`
                )
              }
              secondary={reason}
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
