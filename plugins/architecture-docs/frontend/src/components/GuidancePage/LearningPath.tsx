import { InfoCard, Link } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  LearningPathArticle,
  controlsReferenceUrl,
  learningPath,
} from '../../guidance/learningPath';
import { useSeriesDocsUrl } from '../../hooks/useSeriesDocsUrl';

const useStyles = makeStyles(theme => ({
  article: {
    display: 'block',
    paddingTop: theme.spacing(1.5),
    paddingBottom: theme.spacing(1.5),
  },
  meta: {
    marginTop: theme.spacing(0.5),
    display: 'block',
  },
}));

const plural = (count: number, one: string, many: string) =>
  `${count} ${count === 1 ? one : many}`;

function ArticleItem({ article }: { article: LearningPathArticle }) {
  const classes = useStyles();
  return (
    <ListItem className={classes.article} divider>
      <Typography component="h3" variant="h6">
        {article.url ? (
          <Link to={article.url}>
            {article.number}. {article.title}
          </Link>
        ) : (
          `${article.number}. ${article.title}`
        )}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {article.summary}
      </Typography>
      <Typography variant="caption" className={classes.meta}>
        {article.minutes} min read ·{' '}
        {plural(article.controls, 'control', 'controls')}
      </Typography>
    </ListItem>
  );
}

/**
 * The architecture series as a learning path: five parts in order, every article with its
 * number, title, summary, reading time, controls count and a link to it in TechDocs.
 */
export function LearningPath() {
  const docsUrl = useSeriesDocsUrl();
  const parts = learningPath(docsUrl);
  const articles = parts.reduce((sum, part) => sum + part.articles.length, 0);
  const hours = Math.round(
    parts.reduce((sum, part) => sum + part.minutes, 0) / 60,
  );

  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <Typography variant="body1" paragraph>
          {articles} articles in {parts.length} parts on the AWS layer of our
          composable commerce platform, in the order they build on each other:
          about {hours} hours of reading. Each article argues for the controls
          the portal checks at scaffold time and in running accounts.
        </Typography>
        <Typography variant="body1">
          Looking for one rule? The{' '}
          {docsUrl ? (
            <Link to={controlsReferenceUrl(docsUrl)}>Controls reference</Link>
          ) : (
            'Controls reference'
          )}{' '}
          lists every control with the section that explains it.
        </Typography>
      </Grid>
      {parts.map(part => (
        <Grid item key={part.title}>
          <InfoCard
            title={`Part ${part.number}: ${part.title}`}
            subheader={`${plural(
              part.articles.length,
              'article',
              'articles',
            )} · about ${part.minutes} min`}
            titleTypographyProps={{ component: 'h2' }}
            noPadding
          >
            <List disablePadding>
              {part.articles.map(article => (
                <ArticleItem key={article.slug} article={article} />
              ))}
            </List>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
