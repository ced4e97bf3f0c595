#pragma once

#include <QColor>
#include <QList>
#include <QPair>
#include <QPoint>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTableView;

namespace glossa::ui {

// A score for every ordered pair of languages: macro-F1 of a run trained on the row's language
// and tested on the column's, or precision at 1 of queries in the row's language searched among
// the column's texts.
struct LanguageMatrix
{
    QStringList rows;                              // language codes (a row may be "all": shown as "All languages")
    QStringList columns;                           // language codes
    QList<QList<double>> values;                   // [row][column], in [0, 1]; NaN: no value
    QList<QList<int>> counts;                      // n behind each value (0 when none)
    QList<QList<QPair<double, double>>> intervals; // 95% interval per cell; may be empty

    double value(int row, int column) const;
    int count(int row, int column) const;
    // The cell's interval, or {1, 0} (low above high) when it has none.
    QPair<double, double> interval(int row, int column) const;
};

class LanguageMatrixModel;

// A language × language matrix as a heat map the analyst can read and walk: the languages
// named in the UI's language, each cell coloured on one sequential scale with its value in it
// (two decimals, white on the dark end), the diagonal (same language) framed with a dashed
// line, emphasised cells (a recommended source, say) framed in orange, values from fewer than
// 10 examples paled and in grey italics as the Evaluate tab shows them, and a tooltip with the
// value, its 95% interval and n. Scrolls with its headers fixed for many languages. A click,
// or Enter on the current cell, activates it. Shared by the transfer matrix and the retrieval
// matrix of the Cross-lingual tab.
class LanguageMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit LanguageMatrixView(QWidget *parent = nullptr);
    ~LanguageMatrixView() override;

    // valueName names the score in the tooltip and the legend ("macro-F1", "P@1"). Rows and
    // columns whose value lists are short are shown without a value.
    void setMatrix(const LanguageMatrix &matrix, const QString &valueName);
    const LanguageMatrix &matrix() const;
    // Cells as (column = x, row = y), framed to stand out; meaning says why in the legend
    // ("best source for the language").
    void setEmphasised(const QList<QPoint> &cells, const QString &meaning = {});
    // What the rows and the columns hold, for the tooltip and the caption above the matrix
    // ("Trained on", "Tested on").
    void setAxisTitles(const QString &rowsTitle, const QString &columnsTitle);
    // Shown instead of the matrix while it has no rows.
    void setPlaceholderText(const QString &text);

    // What a cell shows: its value with two decimals, or a dash for none.
    QString cellText(int row, int column) const;
    // The cell's tooltip, as the analyst reads it on hover.
    QString cellToolTip(int row, int column) const;
    bool isDiagonal(int row, int column) const;
    bool isEmphasised(int row, int column) const;
    // Fewer than 10 examples behind the value: shown pale, grey and italic.
    bool isUnreliable(int row, int column) const;
    QTableView *table() const { return m_table; }

    // The colour scale the cells use, for anything shown beside the matrix on the same scale,
    // and the text colour that reads on a colour of it.
    static QColor colourFor(double value);
    static QColor textColourOn(const QColor &background);

Q_SIGNALS:
    void cellActivated(int row, int column);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCaption();
    void fitTableToMatrix();

    LanguageMatrixModel *m_model;
    QTableView *m_table;
    QLabel *m_caption;
    QLabel *m_placeholder;
    QWidget *m_legend;
    QLabel *m_notes;
    QString m_rowsTitle;
    QString m_columnsTitle;
    QString m_emphasisMeaning;
};

} // namespace glossa::ui
