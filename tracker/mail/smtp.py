"""One SMTP connection, opened at the first message and reused for a whole run."""
import smtplib
import ssl


class MailServerUnavailable(Exception):
    """The server cannot be reached or refuses the connection: no message of this run can
    go now, so the run stops instead of waiting for each one in turn."""


class MailSession:
    """`with MailSession(config) as mail: mail.send(message)`. STARTTLS and login happen
    when the settings ask for them; a connection the server dropped is opened again once."""

    def __init__(self, config, timeout=30):
        self.host, self.port = config["SMTP_HOST"], config["SMTP_PORT"]
        self.user, self.password = config["SMTP_USER"], config["SMTP_PASSWORD"]
        self.tls, self.timeout = config["SMTP_TLS"], timeout
        self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _connect(self):
        try:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as error:
            raise MailServerUnavailable(f"{self.host}:{self.port}: {error}") from error
        try:
            if self.tls:
                connection.starttls(context=ssl.create_default_context())
            if self.user:
                connection.login(self.user, self.password)
        except (OSError, smtplib.SMTPException) as error:
            connection.close()
            raise MailServerUnavailable(f"{self.host}:{self.port}: {error}") from error
        return connection

    def send(self, mail):
        """Hand one OutgoingMail to the server; raises smtplib/OSError errors for the caller
        to record."""
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.sendmail(mail.sender, [mail.recipient], mail.data)
        except smtplib.SMTPServerDisconnected:
            self.connection = self._connect()
            self.connection.sendmail(mail.sender, [mail.recipient], mail.data)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException):
            self._reset()
            raise

    def _reset(self):
        """After a refused message the connection stays usable: clear the transaction."""
        try:
            self.connection.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self):
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None
